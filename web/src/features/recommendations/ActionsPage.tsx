import { Checkbox, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type ActionStatus, actionOwnerKinds, actionStatuses } from '../../../../contract/enums';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { PageSwitcher } from '../../components/PageSwitcher';
import { useMe } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { ActionCells } from './ActionBadges';
import { FollowThroughFigure } from './FollowThroughFigure';
import {
  ACTIONS_PAGE_SIZE,
  type Action,
  type ActionFilters,
  actionsQuery,
  editionSummariesQuery,
  followThroughQuery,
} from './recommendations';

/** A table of actions with their recommendation, owner, due date and status. */
export function ActionList({ filters, onPage }: { filters: ActionFilters; onPage(page: number): void }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const actions = useQuery(actionsQuery(filters));
  if (actions.isError) return <ErrorAlert error={actions.error} />;
  if (actions.isPending) return <Loader aria-label={t('common.loading')} />;
  const pages = Math.max(1, Math.ceil(actions.data.total / ACTIONS_PAGE_SIZE));
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" role="status" data-testid="actions-count">
        {t('recommendations.actions.count', { total: formatNumber(actions.data.total) })}
      </Text>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="sm" data-testid="actions-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recommendations.fields.recommendation')}</Table.Th>
                <Table.Th>{t('recommendations.fields.action')}</Table.Th>
                <Table.Th>{t('recommendations.fields.owner')}</Table.Th>
                <Table.Th>{t('recommendations.fields.dueDate')}</Table.Th>
                <Table.Th>{t('recommendations.fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {actions.data.items.map((a: Action) => (
                <Table.Tr key={a.id} data-testid="action-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {t('recommendations.shortRef', { edition: a.recommendation.edition.number, number: a.recommendation.number })}
                    <Text size="xs" c="dimmed">
                      {a.recommendation.edition.city} {a.recommendation.edition.year}
                    </Text>
                  </Table.Td>
                  <ActionCells action={a} />
                </Table.Tr>
              ))}
              {actions.data.items.length === 0 && <EmptyTableRow colSpan={5}>{t('recommendations.actions.none')}</EmptyTableRow>}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {pages > 1 && <PageSwitcher value={filters.page} total={pages} onChange={onPage} />}
    </Stack>
  );
}

const actionsRoute = getRouteApi('/app/recommendations/actions');
const overdueRoute = getRouteApi('/app/recommendations/overdue');

/** Every action, by edition, state, owner kind, status or overdue. */
export function ActionsPage() {
  return <ActionsView overdueOnly={false} />;
}

/** The actions whose due date has passed without their being done or dropped. */
export function OverdueActionsPage() {
  return <ActionsView overdueOnly />;
}

function ActionsView({ overdueOnly }: { overdueOnly: boolean }) {
  const { t } = useTranslation();
  const route = overdueOnly ? overdueRoute : actionsRoute;
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const states = useMemberStates();
  const editions = useQuery(editionSummariesQuery());
  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev: typeof search) => ({ ...prev, ...changes, page: undefined }) });
  const filters: ActionFilters = {
    editionId: search.edition,
    stateIso2: search.state,
    ownerKind: search.owner,
    status: overdueOnly ? undefined : search.status,
    overdue: overdueOnly || search.overdue === true,
    page: search.page ?? 1,
  };
  return (
    <>
      <PageHeader
        title={overdueOnly ? t('recommendations.overduePage.title') : t('recommendations.actions.title')}
        description={overdueOnly ? t('recommendations.overduePage.description') : t('recommendations.actions.description')}
      />
      <Group align="flex-end" mb="md" gap="md">
        <FilterSelect
          label={t('recommendations.filters.edition')}
          any={t('recommendations.filters.anyEdition')}
          data={(editions.data?.items ?? []).map((e) => ({
            value: e.edition.id,
            label: t('recommendations.editionTitle', { number: e.edition.number, city: e.edition.city, year: e.edition.year }),
          }))}
          value={search.edition}
          onChange={(v) => setFilter({ edition: v })}
          width={260}
          data-testid="filter-edition"
        />
        <FilterSelect
          label={t('recommendations.filters.state')}
          any={t('recommendations.filters.anyState')}
          data={states.options}
          value={search.state}
          onChange={(v) => setFilter({ state: v })}
          searchable
          width={240}
          data-testid="filter-state"
        />
        <FilterSelect
          label={t('recommendations.filters.ownerKind')}
          any={t('recommendations.filters.anyOwner')}
          data={actionOwnerKinds.map((k) => ({ value: k, label: t(`recommendations.actionOwnerKinds.${k}`) }))}
          value={search.owner}
          onChange={(v) => setFilter({ owner: v })}
          width={180}
        />
        {!overdueOnly && <StatusFilters search={search} setFilter={setFilter} />}
      </Group>
      <ActionList
        filters={filters}
        onPage={(p) => void navigate({ search: (prev: typeof search) => ({ ...prev, page: p > 1 ? p : undefined }) })}
      />
    </>
  );
}

const myStateRoute = getRouteApi('/app/my-state-actions');

/** A focal point's page: their state's actions (the only ones they see) and their state's follow-through. */
export function MyStateActionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const states = useMemberStates();
  const search = myStateRoute.useSearch();
  const navigate = myStateRoute.useNavigate();
  const figure = useQuery(followThroughQuery({}));
  const stateName = me.stateIso2 ? states.nameOf(me.stateIso2) : '';
  const filters: ActionFilters = { status: search.status, overdue: search.overdue === true, page: search.page ?? 1 };
  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev: typeof search) => ({ ...prev, ...changes, page: undefined }) });
  return (
    <>
      <PageHeader
        title={t('recommendations.myState.title', { state: stateName })}
        description={t('recommendations.myState.description')}
      />
      <Stack gap="lg">
        {figure.isError && <ErrorAlert error={figure.error} />}
        {figure.data && (
          <FollowThroughFigure
            figure={figure.data}
            scope={t('recommendations.followThrough.scopeState', {
              state: stateName,
              from: figure.data.fromYear,
              to: figure.data.toYear,
            })}
          />
        )}
        <Group align="flex-end" gap="md">
          <StatusFilters search={search} setFilter={setFilter} />
        </Group>
        <ActionList
          filters={filters}
          onPage={(p) => void navigate({ search: (prev: typeof search) => ({ ...prev, page: p > 1 ? p : undefined }) })}
        />
      </Stack>
    </>
  );
}

type StatusSearch = { status?: ActionStatus; overdue?: boolean };

/** The status filter and the overdue-only box of an action list. */
function StatusFilters({ search, setFilter }: { search: StatusSearch; setFilter(changes: StatusSearch): void }) {
  const { t } = useTranslation();
  return (
    <>
      <FilterSelect
        label={t('recommendations.filters.status')}
        any={t('recommendations.filters.anyStatus')}
        data={actionStatuses.map((s) => ({ value: s, label: t(`recommendations.statuses.${s}`) }))}
        value={search.status}
        onChange={(v) => setFilter({ status: v })}
        width={180}
      />
      <Checkbox
        label={t('recommendations.filters.overdueOnly')}
        checked={search.overdue === true}
        onChange={(e) => setFilter({ overdue: e.currentTarget.checked || undefined })}
        mb={8}
      />
    </>
  );
}
