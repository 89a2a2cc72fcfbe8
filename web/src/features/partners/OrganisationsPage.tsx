import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationKinds } from '../../../../contract/enums';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { OrganisationFormModal } from './OrganisationFormModal';
import { countryName, organisationsQuery } from './partners';

const route = getRouteApi('/app/partners');

/** Partners and donors: the list with filters by kind, country and name. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const { formatNumber, compareText } = useFormat();
  const can = useCan();
  const lang = currentLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(q, 300);
  const [creating, setCreating] = useState(false);
  const setFilter = (changes: Partial<typeof search>) => void navigate({ search: (prev) => ({ ...prev, ...changes }) });
  useEffect(() => {
    if ((debounced || undefined) !== search.q) void navigate({ search: (prev) => ({ ...prev, q: debounced || undefined }) });
  }, [debounced, search.q, navigate]);
  const list = useQuery(organisationsQuery({ kind: search.kind, country: search.country, q: search.q }));
  // Countries offered are those of the organisations known, any kind, so the filter never shows an empty choice.
  const all = useQuery(organisationsQuery({}));
  const countries = [...new Set((all.data?.items ?? []).flatMap((o) => (o.countryIso2 ? [o.countryIso2] : [])))]
    .map((iso2) => ({ value: iso2, label: countryName(iso2, lang) }))
    .sort((a, b) => compareText(a.label, b.label));

  return (
    <>
      <PageHeader
        title={t('partners.title')}
        description={t('partners.description')}
        actions={
          can('partners.write') && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setCreating(true)}
              data-testid="organisation-create"
            >
              {t('partners.organisation.create')}
            </Button>
          )
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <TextInput
          label={t('partners.filters.search')}
          placeholder={t('partners.filters.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 280 }}
          data-testid="organisations-search"
        />
        <FilterSelect
          label={t('partners.fields.kind')}
          any={t('partners.filters.anyKind')}
          data={organisationKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))}
          value={search.kind}
          onChange={(v) => setFilter({ kind: v })}
          width={240}
          data-testid="organisations-kind"
        />
        <FilterSelect
          label={t('partners.fields.country')}
          any={t('partners.filters.anyCountry')}
          data={countries}
          value={search.country}
          onChange={(v) => setFilter({ country: v })}
          searchable
          width={220}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed" role="status">
            {t('partners.count', { total: formatNumber(list.data.items.length) })}
          </Text>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover verticalSpacing="sm" data-testid="organisations-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('partners.fields.name')}</Table.Th>
                    <Table.Th>{t('partners.fields.acronym')}</Table.Th>
                    <Table.Th>{t('partners.fields.kind')}</Table.Th>
                    <Table.Th>{t('partners.fields.seat')}</Table.Th>
                    <Table.Th>{t('partners.fields.website')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((o) => (
                    <Table.Tr key={o.id} data-testid={`organisation-row-${o.acronym ?? o.name}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${o.id}`}>
                          {o.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{o.acronym ? <Ltr>{o.acronym}</Ltr> : '—'}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="gray">
                          {t(`partners.kinds.${o.kind}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {[o.seatCity, o.countryIso2 ? countryName(o.countryIso2, lang) : null].filter(Boolean).join(', ') || '—'}
                      </Table.Td>
                      <Table.Td>
                        {o.website ? (
                          <Anchor href={o.website} target="_blank" rel="noopener noreferrer" size="sm">
                            <Ltr>{o.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}</Ltr>
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {list.data.items.length === 0 && <EmptyTableRow colSpan={5}>{t('partners.none')}</EmptyTableRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </Stack>
      )}
      <OrganisationFormModal
        organisation={null}
        opened={creating}
        onClose={(saved) => {
          setCreating(false);
          if (saved) void navigate({ to: '/partners/$id', params: { id: saved.id } });
        }}
      />
    </>
  );
}
