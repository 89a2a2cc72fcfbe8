import { Button, CopyButton, Group, Paper, Select, Switch, TextInput } from '@mantine/core';
import { IconFilterOff, IconLink } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { programmeOption, programmesQuery } from '../../api/curriculum';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { compareText } from '../../i18n/format';
import type { ResultsFilters as Filters, Period } from './results';

type ResultsFiltersProps = {
  filters: Filters;
  /** The period the figures cover (the API's default when none is chosen). */
  period: Period | undefined;
  /** Office roles choose a state; a focal point's figures are their state's already. */
  stateFilter: boolean;
  /** A partner's programmes: only those are offered. */
  programmeIds: string[] | null;
  /** Partners' figures cover whole calendar years only: no custom dates offered. */
  wholeYearsOnly: boolean;
  onChange: (next: Filters) => void;
};

const isDay = (value: string | number | undefined): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The period (whole years, or any two days) and the narrowing of the figures. Every choice goes
 * to the address bar, so the link to a view shows the same figures to whoever opens it.
 */
export function ResultsFilters({ filters, period, stateFilter, programmeIds, wholeYearsOnly, onChange }: ResultsFiltersProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const memberStates = useMemberStates();
  const programmes = useQuery(programmesQuery());
  const custom = !wholeYearsOnly && (isDay(filters.from) || isDay(filters.to));
  const fromYear = Number(String(filters.from ?? period?.from ?? '').slice(0, 4)) || undefined;
  const toYear = Number(String(filters.to ?? period?.to ?? '').slice(0, 4)) || undefined;
  const thisYear = new Date().getFullYear();
  // A decade back, and further when the period starts earlier (the API's default starts at the first year with data).
  const earliest = Math.min(thisYear - 10, fromYear ?? thisYear);
  const years = Array.from({ length: thisYear - earliest + 1 }, (_, i) => String(thisYear - i));
  const programmeOptions = (programmes.data?.items ?? [])
    .filter((p) => !programmeIds || programmeIds.includes(p.id))
    .map((p) => programmeOption(p, lang))
    .sort((a, b) => compareText(a.label, b.label));

  const setYears = (from: number | undefined, to: number | undefined) => {
    // A "from" after "to" moves the other bound with it rather than asking for an impossible period.
    const first = from !== undefined && to !== undefined && from > to ? to : from;
    const last = from !== undefined && to !== undefined && from > to ? from : to;
    onChange({ ...filters, from: first, to: last });
  };

  return (
    <Paper withBorder p="md" mb="md">
      <Group align="flex-end" gap="md">
        {custom ? (
          <>
            <TextInput
              type="date"
              label={t('results.period.fromDay')}
              value={isDay(filters.from) ? filters.from : (period?.from ?? '')}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isDay(value)) onChange({ ...filters, from: value, to: filters.to ?? period?.to });
              }}
              w={{ base: '100%', xs: 170 }}
              data-testid="results-from-day"
            />
            <TextInput
              type="date"
              label={t('results.period.toDay')}
              value={isDay(filters.to) ? filters.to : (period?.to ?? '')}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isDay(value)) onChange({ ...filters, from: filters.from ?? period?.from, to: value });
              }}
              w={{ base: '100%', xs: 170 }}
              data-testid="results-to-day"
            />
          </>
        ) : (
          <>
            <Select
              label={t('results.period.from')}
              data={years}
              value={fromYear ? String(fromYear) : null}
              onChange={(value) => setYears(value ? Number(value) : undefined, toYear)}
              allowDeselect={false}
              w={{ base: '46%', xs: 110 }}
              data-testid="results-from"
            />
            <Select
              label={t('results.period.to')}
              data={years}
              value={toYear ? String(toYear) : null}
              onChange={(value) => setYears(fromYear, value ? Number(value) : undefined)}
              allowDeselect={false}
              w={{ base: '46%', xs: 110 }}
              data-testid="results-to"
            />
          </>
        )}
        {!wholeYearsOnly && (
          <Switch
            label={t('results.period.custom')}
            checked={custom}
            onChange={(event) => {
              if (event.currentTarget.checked) {
                onChange({ ...filters, from: period?.from, to: period?.to });
              } else {
                setYears(fromYear, toYear);
              }
            }}
            mb={8}
            data-testid="results-custom-period"
          />
        )}
        <Select
          label={t('results.filters.programme')}
          placeholder={t('results.filters.allProgrammes')}
          data={programmeOptions}
          value={filters.programme ?? null}
          onChange={(value) => onChange({ ...filters, programme: value ?? undefined })}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          nothingFoundMessage={t('common.noMatch')}
          w={{ base: '100%', sm: 300 }}
          data-testid="results-programme"
        />
        {stateFilter && (
          <Select
            label={t('results.filters.state')}
            placeholder={t('results.filters.allStates')}
            data={memberStates.options}
            value={filters.state ?? null}
            onChange={(value) => onChange({ ...filters, state: value ?? undefined })}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            nothingFoundMessage={t('common.noMatch')}
            w={{ base: '100%', sm: 240 }}
            data-testid="results-state"
          />
        )}
        <Group gap="xs">
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={() => onChange({})}
            disabled={Object.values(filters).every((v) => v === undefined)}
          >
            {t('results.filters.reset')}
          </Button>
          <CopyButton value={window.location.href}>
            {({ copied, copy }) => (
              <Button variant="subtle" leftSection={<IconLink size={16} aria-hidden />} onClick={copy}>
                {copied ? t('common.copied') : t('results.filters.copyLink')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Group>
    </Paper>
  );
}
