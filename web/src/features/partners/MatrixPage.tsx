import { Alert, Badge, Button, Group, Loader, Paper, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { matrixBases, organisationKinds, thematicAreas } from '../../../../contract/enums';
import { programmeOption, programmesQuery } from '../../api/curriculum';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect, filterYears } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import {
  type Matrix,
  type MatrixFilters,
  matrixCsvHref,
  matrixQuery,
  OVERLAP_COLOUR,
  organisationLabel,
  organisationsQuery,
} from './partners';

const route = getRouteApi('/app/who-does-what-where');

const basisColour: Record<string, string> = { delivered: 'teal', funded: 'blue', 'delivered+funded': 'grape' };

/**
 * Who does what where: partners per state (rows) and theme (columns), from the sessions they
 * delivered or funded; cells where two or more partners work are overlaps, highlighted.
 */
export function MatrixPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const lang = currentLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const states = useMemberStates();
  const setFilter = (changes: Partial<typeof search>) => void navigate({ search: (prev) => ({ ...prev, ...changes }) });
  const filters: MatrixFilters = {
    fromYear: search.fromYear,
    toYear: search.toYear,
    programmeId: search.programme,
    kind: search.kind,
    organisationId: search.partner,
    basis: search.basis,
    stateIso2: search.state,
    theme: search.theme,
    overlapsOnly: search.overlaps ? 'true' : undefined,
  };
  const matrix = useQuery(matrixQuery(filters));
  const organisations = useQuery(organisationsQuery({}));
  const programmes = useQuery(programmesQuery());
  const thisYear = new Date().getFullYear();
  const years = filterYears(thisYear);
  const yearsReversed = search.fromYear && search.toYear && search.fromYear > search.toYear;

  return (
    <>
      <PageHeader
        title={t('partners.matrix.title')}
        description={t('partners.matrix.description')}
        actions={
          <Button
            component="a"
            href={matrixCsvHref(filters)}
            download
            variant="default"
            leftSection={<IconDownload size={18} aria-hidden />}
            data-testid="matrix-csv"
          >
            {t('partners.matrix.csv')}
          </Button>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <FilterSelect
          label={t('partners.matrix.fromYear')}
          any={t('partners.filters.anyYear')}
          data={years}
          value={search.fromYear ? String(search.fromYear) : undefined}
          onChange={(v) => setFilter({ fromYear: v ? Number(v) : undefined })}
          width={120}
        />
        <FilterSelect
          label={t('partners.matrix.toYear')}
          any={t('partners.filters.anyYear')}
          data={years}
          value={search.toYear ? String(search.toYear) : undefined}
          onChange={(v) => setFilter({ toYear: v ? Number(v) : undefined })}
          error={yearsReversed ? t('partners.matrix.yearsReversed') : undefined}
          width={120}
        />
        <FilterSelect
          label={t('partners.contributions.programme')}
          any={t('partners.filters.anyProgramme')}
          data={(programmes.data?.items ?? []).map((p) => programmeOption(p, lang))}
          value={search.programme}
          onChange={(v) => setFilter({ programme: v })}
          searchable
          width={260}
        />
        <FilterSelect
          label={t('partners.matrix.partner')}
          any={t('partners.filters.anyPartner')}
          data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
          value={search.partner}
          onChange={(v) => setFilter({ partner: v })}
          searchable
          width={260}
          data-testid="matrix-partner"
        />
        <FilterSelect
          label={t('partners.fields.kind')}
          any={t('partners.filters.anyKind')}
          data={organisationKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))}
          value={search.kind}
          onChange={(v) => setFilter({ kind: v })}
          width={220}
        />
        <FilterSelect
          label={t('partners.matrix.basis')}
          any={t('partners.filters.either')}
          data={matrixBases.map((b) => ({ value: b, label: t(`partners.matrix.bases.${b}`) }))}
          value={search.basis}
          onChange={(v) => setFilter({ basis: v })}
          width={160}
        />
        <FilterSelect
          label={t('partners.matrix.state')}
          any={t('partners.filters.anyState')}
          data={states.options}
          value={search.state}
          onChange={(v) => setFilter({ state: v })}
          searchable
          width={220}
        />
        <FilterSelect
          label={t('partners.matrix.theme')}
          any={t('partners.filters.anyTheme')}
          data={thematicAreas.map((a) => ({ value: a, label: t(`curriculum.thematicAreas.${a}`) }))}
          value={search.theme}
          onChange={(v) => setFilter({ theme: v })}
          width={240}
        />
        <Switch
          label={t('partners.matrix.overlapsOnly')}
          checked={Boolean(search.overlaps)}
          onChange={(e) => setFilter({ overlaps: e.currentTarget.checked || undefined })}
          mb={8}
          data-testid="matrix-overlaps-only"
        />
      </Group>
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} mb="md">
        {t('partners.matrix.definition')}
      </Alert>
      {matrix.isError && !yearsReversed && <ErrorAlert error={matrix.error} />}
      {matrix.isPending && <Loader aria-label={t('common.loading')} />}
      {matrix.data && (
        <Stack gap="xs">
          <Group gap="md">
            <Text size="sm" role="status" data-testid="matrix-summary">
              {t('partners.matrix.summary', {
                states: formatNumber(matrix.data.states.length),
                partners: formatNumber(matrix.data.partners.length),
                overlaps: formatNumber(matrix.data.overlaps),
              })}
            </Text>
            <Group gap={6}>
              {(['delivered', 'funded', 'delivered+funded'] as const).map((b) => (
                <Badge key={b} size="sm" variant="light" color={basisColour[b]}>
                  {t(`partners.matrix.legend.${b === 'delivered+funded' ? 'both' : b}`)}
                </Badge>
              ))}
              <Badge size="sm" variant="filled" color={OVERLAP_COLOUR} leftSection={<IconAlertTriangle size={12} aria-hidden />}>
                {t('partners.matrix.overlap')}
              </Badge>
            </Group>
          </Group>
          <MatrixTable matrix={matrix.data} nameOf={states.nameOf} />
        </Stack>
      )}
    </>
  );
}

function MatrixTable({ matrix, nameOf }: { matrix: Matrix; nameOf(iso2: string): string }) {
  const { t } = useTranslation();
  const { compareText } = useFormat();
  if (matrix.cells.length === 0) {
    return (
      <Paper withBorder p="lg">
        <Text c="dimmed" ta="center">
          {t('partners.matrix.empty')}
        </Text>
      </Paper>
    );
  }
  const partnerOf = new Map(matrix.partners.map((p) => [p.id, p]));
  const cellOf = new Map(matrix.cells.map((c) => [`${c.stateIso2}|${c.theme}`, c]));
  const rows = [...matrix.states].sort((a, b) => compareText(nameOf(a.iso2), nameOf(b.iso2)));
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={Math.max(720, 200 + matrix.themes.length * 180)}>
        <Table withColumnBorders verticalSpacing="xs" data-testid="matrix-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={180}>{t('partners.matrix.state')}</Table.Th>
              {matrix.themes.map((theme) => (
                <Table.Th key={theme}>{t(`curriculum.thematicAreas.${theme}`, { defaultValue: theme })}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((state) => (
              <Table.Tr key={state.iso2} data-testid={`matrix-row-${state.iso2}`}>
                <Table.Th scope="row">{nameOf(state.iso2)}</Table.Th>
                {matrix.themes.map((theme) => {
                  const cell = cellOf.get(`${state.iso2}|${theme}`);
                  return (
                    <Table.Td
                      key={theme}
                      bg={cell?.overlap ? `var(--mantine-color-${OVERLAP_COLOUR}-light)` : undefined}
                      data-overlap={cell?.overlap ? 'true' : undefined}
                      data-testid={cell ? `matrix-cell-${state.iso2}-${theme}` : undefined}
                      aria-label={cell?.overlap ? t('partners.matrix.overlap') : undefined}
                    >
                      {cell && (
                        <Group gap={4}>
                          {cell.overlap && (
                            <IconAlertTriangle size={14} color={`var(--mantine-color-${OVERLAP_COLOUR}-filled)`} aria-hidden />
                          )}
                          {cell.partners.map((p) => {
                            const partner = partnerOf.get(p.organisationId);
                            const label = partner ? (partner.acronym ?? partner.name) : p.organisationId;
                            const basis = p.bases.join('+');
                            return (
                              <Tooltip
                                key={p.organisationId}
                                label={t('partners.matrix.cellTooltip', {
                                  partner: partner?.name ?? label,
                                  sessions: p.sessions,
                                  bases: p.bases.map((b) => t(`partners.matrix.bases.${b}`)).join(', '),
                                })}
                              >
                                <Badge
                                  variant="light"
                                  color={basisColour[basis] ?? 'gray'}
                                  size="sm"
                                  style={{ textTransform: 'none' }}
                                >
                                  {label} · {p.sessions}
                                </Badge>
                              </Tooltip>
                            );
                          })}
                        </Group>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
