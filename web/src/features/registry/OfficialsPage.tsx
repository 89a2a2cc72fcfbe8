import { Anchor, Badge, Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sexes } from '../../../../contract/enums';
import { agenciesQuery } from '../../api/agencies';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { FilterSelect } from '../../components/FilterSelect';
import { Ltr } from '../../components/Ltr';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useMe } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { OfficialFormModal } from './OfficialFormModal';
import { displayName, OFFICIALS_PAGE_SIZE, officialsQuery, type Sex } from './registry';

const route = getRouteApi('/app/officials');

export function OfficialsPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const me = useMe();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? '');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const [creating, setCreating] = useState(false);
  const page = search.page ?? 1;
  const _lang = currentLanguage();
  // A focal point works on their own state only: no state filter to offer.
  const ownState = me.stateIso2;
  const stateFilter = ownState ?? search.state;

  useEffect(() => {
    if ((search.q ?? '') !== debouncedText) {
      void navigate({ search: (prev) => ({ ...prev, q: debouncedText || undefined, page: undefined }), replace: true });
    }
  }, [debouncedText, search.q, navigate]);

  // Keyset paging: a page reached from the one before starts where that one ended (the API's
  // nextCursor); a page jumped to directly is read by its number.
  const filters = { q: search.q, stateIso2: search.state, agencyId: search.agency, sex: search.sex };
  // A keyset page is not counted (total null, docs/api.md): the count of the page it was reached
  // from, with the same filters, holds.
  const cursors = useRef(new Map<string, string>());
  const totals = useRef(new Map<string, number>());
  const cursorKey = (p: number) => JSON.stringify([filters, p]);
  const filtersKey = JSON.stringify(filters);
  const officials = useQuery(officialsQuery({ ...filters, page, after: cursors.current.get(cursorKey(page)) }));
  const nextCursor = officials.isPlaceholderData ? null : officials.data?.nextCursor;
  if (nextCursor) cursors.current.set(cursorKey(page + 1), nextCursor);
  const counted = officials.isPlaceholderData ? null : officials.data?.total;
  if (typeof counted === 'number') totals.current.set(filtersKey, counted);
  const memberStates = useMemberStates();
  const agencies = useQuery({ ...agenciesQuery({ stateIso2: stateFilter }), enabled: Boolean(stateFilter) });
  const stateOptions = memberStates.options;
  const stateName = memberStates.nameOf;
  const agencyOptions = (agencies.data?.items ?? []).map((a) => ({
    value: a.id,
    label: a.acronym ? `${a.name} (${a.acronym})` : a.name,
  }));

  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...changes, page: undefined }) });

  const total = officials.data?.total ?? totals.current.get(filtersKey) ?? 0;
  const pages = Math.max(1, Math.ceil(total / OFFICIALS_PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * OFFICIALS_PAGE_SIZE + 1;
  const last = Math.min(total, page * OFFICIALS_PAGE_SIZE);
  const canWrite = can('registry.write');

  return (
    <>
      <PageHeader
        title={t('registry.officials.title')}
        description={
          ownState
            ? t('registry.officials.descriptionState', { state: stateName(ownState) })
            : t('registry.officials.description')
        }
        actions={
          <Group gap="sm">
            <Button
              variant="default"
              renderRoot={(props) => <Link {...props} to="/agencies" search={{ state: ownState ? undefined : search.state }} />}
              leftSection={<IconBuilding size={18} aria-hidden />}
              data-testid="officials-agencies"
            >
              {t('registry.agencies.title')}
            </Button>
            {canWrite && (
              <Button
                leftSection={<IconUserPlus size={18} aria-hidden />}
                onClick={() => setCreating(true)}
                data-testid="official-create"
              >
                {t('registry.officials.create')}
              </Button>
            )}
          </Group>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <TextInput
          label={t('registry.filters.search')}
          placeholder={t('registry.filters.searchPlaceholder')}
          description={t('registry.filters.searchHint')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 300 }}
          data-testid="officials-search"
        />
        {!ownState && (
          <FilterSelect
            label={t('registry.filters.state')}
            any={t('registry.filters.allStates')}
            data={stateOptions}
            value={search.state}
            onChange={(value) => setFilter({ state: value ?? undefined, agency: undefined })}
            searchable
            width={220}
            data-testid="officials-filter-state"
          />
        )}
        <FilterSelect
          label={t('registry.filters.agency')}
          any={stateFilter ? t('registry.filters.allAgencies') : t('registry.filters.chooseState')}
          data={agencyOptions}
          value={search.agency}
          onChange={(value) => setFilter({ agency: value })}
          disabled={!stateFilter}
          searchable
          width={260}
        />
        <Select
          label={t('registry.filters.sex')}
          data={[
            { value: 'all', label: t('registry.filters.anySex') },
            ...sexes.map((value) => ({ value, label: t(`registry.sex.${value}`) })),
          ]}
          value={search.sex ?? 'all'}
          onChange={(value) => setFilter({ sex: value === 'female' || value === 'male' ? (value as Sex) : undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 150 }}
        />
      </Group>

      <PagedList
        query={officials}
        count={t('registry.officials.range', {
          first: formatNumber(first),
          last: formatNumber(last),
          total: formatNumber(total),
        })}
        countTestId="officials-count"
        pages={pages}
        page={page}
        onPage={(next) => void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })}
      >
        {(data) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={820}>
              <Table striped highlightOnHover verticalSpacing="sm" data-testid="officials-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('registry.fields.name')}</Table.Th>
                    <Table.Th>{t('registry.fields.sex')}</Table.Th>
                    <Table.Th>{t('registry.fields.state')}</Table.Th>
                    <Table.Th>{t('registry.fields.agency')}</Table.Th>
                    <Table.Th>{t('registry.fields.rankPosition')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((o) => (
                    <Table.Tr key={o.id} data-testid={`official-row-${o.id}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/officials/${o.id}`} fw={600} size="sm">
                          {displayName(o)}
                        </Anchor>
                        {o.nameOriginal && (
                          <Text size="xs" c="dimmed">
                            <bdi>{o.nameOriginal}</bdi>
                          </Text>
                        )}
                        {o.email && (
                          <Text size="xs" c="dimmed">
                            <Ltr>{o.email}</Ltr>
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={o.sex === 'female' ? 'grape' : 'blue'}>
                          {t(`registry.sex.${o.sex}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{stateName(o.stateIso2)}</Table.Td>
                      <Table.Td>{o.agency ? (o.agency.acronym ?? o.agency.name) : '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{[o.rank, o.position].filter(Boolean).join(' · ') || '—'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {data.items.length === 0 && <EmptyTableRow colSpan={5}>{t('registry.officials.none')}</EmptyTableRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </PagedList>
      <OfficialFormModal official={null} opened={creating} stateOptions={stateOptions} onClose={() => setCreating(false)} />
    </>
  );
}
