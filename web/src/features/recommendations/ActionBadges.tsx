import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LocalisedTextView } from '../../components/LocalisedText';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
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

/** A count of overdue actions: when some are, red and bold behind a warning sign (not colour alone). */
export function OverdueCount({ count }: { count: number }) {
  const { formatNumber } = useFormat();
  if (count === 0) return <>{formatNumber(count)}</>;
  return (
    <Group gap={4} wrap="nowrap" component="span" data-testid="overdue-count">
      <IconAlertTriangle size={14} aria-hidden color="var(--mantine-color-red-text)" />
      <Text span c="red" fw={600} inherit>
        {formatNumber(count)}
      </Text>
    </Group>
  );
}

/** An action as cells of a table row: what (a link to it), who owns it, when it is due, where it stands. */
export function ActionCells({ action }: { action: Action }) {
  const { formatDay } = useFormat();
  return (
    <>
      <Table.Td>
        <Anchor component={Link} to={`/recommendations/actions/${action.id}`} data-testid="action-link">
          <LocalisedTextView field={action.description} />
        </Anchor>
      </Table.Td>
      <Table.Td>
        <OwnerText owner={action.owner} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(action.dueDate)}</Table.Td>
      <Table.Td>
        <ActionStatusBadges action={action} />
      </Table.Td>
    </>
  );
}
