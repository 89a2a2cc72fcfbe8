import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMemberStates } from '../../hooks/states';
import { type Action, type Owner, ownerLabel, statusColours } from './recommendations';

/** An action's status, and whether it is overdue, done late or carried on to a later edition. */
export function ActionStatusBadges({ action }: { action: Action }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap" component="span">
      <Badge color={statusColours[action.status]} variant="light" data-testid="action-status">
        {t(`recommendations.statuses.${action.status}`)}
      </Badge>
      {action.overdue && (
        <Badge color="red" variant="filled" data-testid="action-overdue">
          {t('recommendations.overdue')}
        </Badge>
      )}
      {action.doneLate && (
        <Badge color="orange" variant="light">
          {t('recommendations.doneLate')}
        </Badge>
      )}
      {action.carriedTo && (
        <Badge color="violet" variant="light">
          {t('recommendations.carriedToEdition', { number: action.carriedTo.edition.number })}
        </Badge>
      )}
    </Group>
  );
}

/** Who owns an action, in the reader's language. */
export function OwnerText({ owner }: { owner: Owner }) {
  const { t } = useTranslation();
  const states = useMemberStates();
  return <span data-testid="action-owner">{ownerLabel(t, owner, states.nameOf)}</span>;
}

export function OwnerKindBadge({ owner }: { owner: Owner }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="gray" size="sm">
      {t(`recommendations.actionOwnerKinds.${owner.kind}`)}
    </Badge>
  );
}
