import { Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeOption, programmesQuery } from '../../api/curriculum';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect, filterYears } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ContributionFormModal } from './ContributionFormModal';
import { ContributionsTable, CurrencyTotals, GroupTotals } from './ContributionsTable';
import { contributionsQuery, organisationLabel, organisationsQuery } from './partners';

const route = getRouteApi('/app/contributions');

/** Contributions across donors and programmes, with totals per currency, per donor and per programme. */
export function ContributionsPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const can = useCan();
  const lang = currentLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [adding, setAdding] = useState(false);
  const setFilter = (changes: Partial<typeof search>) => void navigate({ search: (prev) => ({ ...prev, ...changes }) });
  const filters = {
    organisationId: search.organisation,
    programmeId: search.programme,
    currency: search.currency,
    earmarked: search.earmarked,
    year: search.year,
  };
  const list = useQuery(contributionsQuery(filters));
  const all = useQuery(contributionsQuery({}));
  const organisations = useQuery(organisationsQuery({}));
  const programmes = useQuery(programmesQuery());
  const currencies = (all.data?.totals.byCurrency ?? []).map((c) => c.currency);
  const thisYear = new Date().getFullYear();
  const years = filterYears(thisYear);

  return (
    <>
      <PageHeader
        title={t('partners.contributions.title')}
        description={t('partners.contributions.description')}
        actions={
          can('partners.write') && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setAdding(true)}
              data-testid="contribution-add"
            >
              {t('partners.contributions.add')}
            </Button>
          )
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <FilterSelect
          label={t('partners.contributions.donor')}
          any={t('partners.filters.anyDonor')}
          data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
          value={search.organisation}
          onChange={(v) => setFilter({ organisation: v })}
          searchable
          width={280}
          data-testid="contributions-filter-donor"
        />
        <FilterSelect
          label={t('partners.contributions.programme')}
          any={t('partners.filters.anyProgramme')}
          data={(programmes.data?.items ?? []).map((p) => programmeOption(p, lang))}
          value={search.programme}
          onChange={(v) => setFilter({ programme: v })}
          searchable
          width={300}
        />
        <FilterSelect
          label={t('partners.contributions.currency')}
          any={t('partners.filters.anyCurrency')}
          data={currencies}
          value={search.currency}
          onChange={(v) => setFilter({ currency: v })}
          width={140}
        />
        <FilterSelect
          label={t('partners.contributions.earmarking')}
          any={t('partners.filters.either')}
          data={[
            { value: 'true', label: t('partners.contributions.earmarkedShort') },
            { value: 'false', label: t('partners.contributions.unearmarkedShort') },
          ]}
          value={search.earmarked}
          onChange={(v) => setFilter({ earmarked: v })}
          width={170}
        />
        <FilterSelect
          label={t('partners.filters.year')}
          description={t('partners.filters.yearHint')}
          any={t('partners.filters.anyYear')}
          data={years}
          value={search.year ? String(search.year) : undefined}
          onChange={(v) => setFilter({ year: v ? Number(v) : undefined })}
          width={140}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && (
        <Stack gap="lg">
          <Text size="sm" c="dimmed" role="status">
            {t('partners.contributions.listed', { total: formatNumber(list.data.items.length) })}
          </Text>
          <Card withBorder>
            <Title order={2} size="h4" mb={4}>
              {t('partners.contributions.byCurrency')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('partners.contributions.perCurrency')}
            </Text>
            <CurrencyTotals totals={list.data.totals.byCurrency} testId="totals-by-currency" />
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('partners.contributions.byDonor')}
              </Title>
              <GroupTotals
                rows={list.data.totals.byOrganisation.map((row) => ({ ...row, key: row.organisation.id }))}
                testId="totals-by-donor"
              />
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('partners.contributions.byProgramme')}
              </Title>
              <GroupTotals
                rows={list.data.totals.byProgramme.map((row) => ({ ...row, key: row.programme.id }))}
                testId="totals-by-programme"
              />
            </Card>
          </SimpleGrid>
          <ContributionsTable items={list.data.items} showDonor canWrite={can('partners.write')} linkDonors />
        </Stack>
      )}
      <ContributionFormModal contribution={null} opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}
