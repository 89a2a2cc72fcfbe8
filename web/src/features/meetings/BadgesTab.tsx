import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { DelegationRole } from '../../../../contract/enums';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMemberStates } from '../../hooks/states';
import { type Badge, badgesQuery, type Edition, fullName } from './meetings';
import classes from './meetings.module.css';

const bandColours: Record<DelegationRole, string> = {
  member: 'var(--mantine-color-blue-6)',
  observer: 'var(--mantine-color-grape-6)',
  international_organisation: 'var(--mantine-color-teal-6)',
};

/** Approved delegates as badges, by delegation and head first: printable, and exportable as CSV. */
export function BadgesTab({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const states = useMemberStates();
  const badges = useQuery(badgesQuery(edition.id));
  const items = badges.data?.items ?? [];
  const delegationOf = (b: Badge) =>
    b.stateIso2
      ? b.agencyName
        ? `${states.nameOf(b.stateIso2)} – ${b.agencyName}`
        : states.nameOf(b.stateIso2)
      : (b.organisationName ?? '');

  return (
    <Stack gap="md">
      <Group justify="space-between" data-print-hide>
        <Text size="sm" c="dimmed">
          {t('meetings.badges.description', { total: items.length })}
        </Text>
        <Group gap="xs">
          <Button
            component="a"
            href={`/api/meetings/editions/${edition.id}/badges.csv`}
            download
            variant="default"
            leftSection={<IconFileSpreadsheet size={18} aria-hidden />}
            data-testid="badges-csv"
          >
            {t('meetings.badges.csv')}
          </Button>
          <Button
            leftSection={<IconPrinter size={18} aria-hidden />}
            onClick={() => window.print()}
            disabled={items.length === 0}
            data-testid="badges-print"
          >
            {t('meetings.badges.print')}
          </Button>
        </Group>
      </Group>
      {badges.isPending && <Loader aria-label={t('common.loading')} />}
      {badges.isError && <ErrorAlert error={badges.error} />}
      {badges.isSuccess && items.length === 0 && <Alert color="gray">{t('meetings.badges.none')}</Alert>}
      <div className={classes.sheet} data-testid="badge-sheet">
        {items.map((b) => (
          <div key={b.delegateId} className={classes.badge} style={{ '--badge-colour': bandColours[b.role] } as CSSProperties}>
            <Text size="xs" c="dimmed">
              {t('meetings.edition.name', { number: edition.number, city: edition.city })}
            </Text>
            <div>
              <div className={classes.name}>{fullName(b)}</div>
              <Text size="sm">{b.function}</Text>
            </div>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {delegationOf(b)}
              </Text>
              <Text size="xs" tt="uppercase" fw={700} c="dimmed">
                {b.headOfDelegation ? t('meetings.delegates.head') : t(`meetings.roles.${b.role}`)}
              </Text>
            </Group>
          </div>
        ))}
      </div>
    </Stack>
  );
}
