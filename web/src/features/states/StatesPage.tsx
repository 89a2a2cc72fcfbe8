import { Anchor, Group, Loader, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { subregions } from '../../../../contract/enums';
import type { MemberState } from '../../api/types';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { SortableTh, type SortState } from '../../components/SortableTh';
import { statesQuery } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';

const route = getRouteApi('/app/states');

type SortKey = 'iso2' | 'iso3' | 'name' | 'subregion';

export function StatesPage() {
  const { t } = useTranslation();
  const { compareText } = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? '');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const [sort, setSort] = useState<SortState<SortKey>>({ key: 'name', descending: false });
  const lang = currentLanguage();

  // The search box drives the URL (so a search can be bookmarked or shared); the URL drives the query.
  useEffect(() => {
    if ((search.q ?? '') !== debouncedText) {
      void navigate({ search: (prev) => ({ ...prev, q: debouncedText || undefined }), replace: true });
    }
  }, [debouncedText, search.q, navigate]);

  const states = useQuery(statesQuery({ q: search.q, subregion: search.subregion }));

  const subregionName = (state: MemberState) => t(`subregions.${state.subregion}`);
  const sortValue = (state: MemberState): string =>
    sort.key === 'name' ? state.names[lang] : sort.key === 'subregion' ? subregionName(state) : state[sort.key];
  const rows = [...(states.data?.items ?? [])].sort((a, b) => compareText(sortValue(a), sortValue(b)));
  if (sort.descending) rows.reverse();

  return (
    <>
      <PageHeader title={t('states.title')} description={t('states.description')} />
      <Group align="flex-end" mb="md" gap="md">
        <TextInput
          label={t('states.search')}
          placeholder={t('states.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={states.isFetching ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 320 }}
          data-testid="states-search"
        />
        <FilterSelect
          label={t('states.subregion')}
          any={t('states.allSubregions')}
          data={subregions.map((value) => ({ value, label: t(`subregions.${value}`) }))}
          value={search.subregion}
          onChange={(value) =>
            void navigate({ search: (prev) => ({ ...prev, subregion: (value as typeof prev.subregion) ?? undefined }) })
          }
          width={240}
          data-testid="states-subregion"
        />
      </Group>

      {states.isError && <ErrorAlert error={states.error} />}
      {states.data && (
        <>
          <Text size="sm" c="dimmed" mb="xs" role="status" data-testid="states-count">
            {t('states.count', { count: states.data.items.length })}
          </Text>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <SortableTh sortKey="iso2" sort={sort} onSort={setSort}>
                      {t('states.iso2')}
                    </SortableTh>
                    <SortableTh sortKey="iso3" sort={sort} onSort={setSort}>
                      {t('states.iso3')}
                    </SortableTh>
                    <SortableTh sortKey="name" sort={sort} onSort={setSort}>
                      {t('states.name')}
                    </SortableTh>
                    <SortableTh sortKey="subregion" sort={sort} onSort={setSort}>
                      {t('states.subregion')}
                    </SortableTh>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((state) => (
                    <Table.Tr key={state.iso2} data-testid={`state-row-${state.iso2}`}>
                      <Table.Td ff="monospace">{state.iso2}</Table.Td>
                      <Table.Td ff="monospace">{state.iso3}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/states/${state.iso2}`}>
                          {state.names[lang]}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{subregionName(state)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {rows.length === 0 && <EmptyTableRow colSpan={4}>{t('states.none')}</EmptyTableRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </>
      )}
      {states.isPending && <Loader aria-label={t('common.loading')} />}
    </>
  );
}
