import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionStatuses } from '../../../../contract/enums';
import { coursesQuery, pick } from '../../api/curriculum';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect, filterYears } from '../../components/FilterSelect';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { PageSwitcher } from '../../components/PageSwitcher';
import { sessionStatusColours } from '../../components/statusColours';
import { useCan, useMe } from '../../hooks/session';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { SessionFormModal } from './SessionFormModal';
import { SESSIONS_PAGE_SIZE, sessionsQuery } from './sessions';

const route = getRouteApi('/app/sessions');

export function SessionsPage() {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const me = useMe();
  const can = useCan();
  const lang = currentLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const canWrite = can('sessions.write');
  const [creating, setCreating] = useState(false);
  const sessions = useQuery(sessionsQuery({ status: search.status, courseId: search.course, year: search.year, page }));
  const courses = useQuery(coursesQuery());
  const thisYear = new Date().getFullYear();
  const years = filterYears(thisYear);
  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...changes, page: undefined }) });
  const total = sessions.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('sessions.title')}
        description={t(`sessions.descriptionFor.${me.role === 'focal_point' || me.role === 'trainer' ? me.role : 'staff'}`)}
        actions={
          canWrite && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setCreating(true)}
              data-testid="session-create"
            >
              {t('sessions.create')}
            </Button>
          )
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <FilterSelect
          label={t('sessions.filters.status')}
          any={t('sessions.filters.anyStatus')}
          data={sessionStatuses.map((s) => ({ value: s, label: t(`sessions.statuses.${s}`) }))}
          value={search.status}
          onChange={(v) => setFilter({ status: v })}
          width={180}
          data-testid="sessions-filter-status"
        />
        <FilterSelect
          label={t('sessions.filters.course')}
          any={t('sessions.filters.anyCourse')}
          data={(courses.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} — ${pick(c.title, lang).text}` }))}
          value={search.course}
          onChange={(v) => setFilter({ course: v })}
          searchable
          width={320}
        />
        <FilterSelect
          label={t('sessions.filters.year')}
          any={t('sessions.filters.anyYear')}
          data={years}
          value={search.year ? String(search.year) : undefined}
          onChange={(v) => setFilter({ year: v ? Number(v) : undefined })}
          width={140}
        />
      </Group>
      {sessions.isError && <ErrorAlert error={sessions.error} />}
      {sessions.isPending && <Loader aria-label={t('common.loading')} />}
      {sessions.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed" role="status" data-testid="sessions-count">
            {t('sessions.count', { total: formatNumber(total) })}
          </Text>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={860}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sessions.fields.code')}</Table.Th>
                    <Table.Th>{t('sessions.fields.course')}</Table.Th>
                    <Table.Th>{t('sessions.fields.dates')}</Table.Th>
                    <Table.Th>{t('sessions.fields.venue')}</Table.Th>
                    <Table.Th>{t('sessions.fields.modality')}</Table.Th>
                    <Table.Th>{t('sessions.fields.capacity')}</Table.Th>
                    <Table.Th>{t('sessions.fields.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sessions.data.items.map((s) => (
                    <Table.Tr key={s.id} data-testid={`session-row-${s.code}`}>
                      <Table.Td ff="monospace">
                        <Anchor component={Link} to={`/sessions/${s.id}`}>
                          <Ltr>{s.code}</Ltr>
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <LocalisedTextView field={s.course.title} />
                      </Table.Td>
                      <Table.Td>
                        {formatDay(s.startDate)} – {formatDay(s.endDate)}
                      </Table.Td>
                      <Table.Td>{s.venueCity ?? '—'}</Table.Td>
                      <Table.Td>{t(`sessions.modalities.${s.modality}`)}</Table.Td>
                      <Table.Td>{formatNumber(s.capacity)}</Table.Td>
                      <Table.Td>
                        <Badge color={sessionStatusColours[s.status]} variant="light">
                          {t(`sessions.statuses.${s.status}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {sessions.data.items.length === 0 && <EmptyTableRow colSpan={7}>{t('sessions.none')}</EmptyTableRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <PageSwitcherFor
            page={page}
            total={total}
            onChange={(p) => void navigate({ search: (prev) => ({ ...prev, page: p > 1 ? p : undefined }) })}
          />
        </Stack>
      )}
      <SessionFormModal
        session={null}
        opened={creating}
        onClose={(saved) => {
          setCreating(false);
          if (saved) void navigate({ to: '/sessions/$id', params: { id: saved.id } });
        }}
      />
    </>
  );
}

function PageSwitcherFor({ page, total, onChange }: { page: number; total: number; onChange(page: number): void }) {
  const pages = Math.max(1, Math.ceil(total / SESSIONS_PAGE_SIZE));
  if (pages <= 1) return null;
  return <PageSwitcher value={page} total={pages} onChange={onChange} />;
}
