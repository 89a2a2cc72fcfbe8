import { Alert, Anchor, Badge, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft, IconLock, IconUserShield } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useCanGoBack, useRouter } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, programmesQuery, referenceQuery } from '../../api/curriculum';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { PageSwitcher } from '../../components/PageSwitcher';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import {
  type IndicatorCode,
  type Measure,
  periodLabel,
  RECORDS_PAGE_SIZE,
  type RecordRow,
  type RecordsSearch,
  recordsQuery,
} from './results';

const route = getRouteApi('/app/results/records');

/** The indicator whose records each measure lists (its definition heads the page). */
const indicatorOfMeasure: Record<Measure, IndicatorCode> = {
  officials: 'officials_trained',
  participations: 'participations',
  paired_tests: 'knowledge_gain',
  follow_ups: 'application_rate',
  rated_sessions: 'satisfaction',
};

type Column = { header: string; cell: (row: RecordRow) => ReactNode; end?: boolean };
type ColumnKey =
  | 'person'
  | 'state'
  | 'sex'
  | 'agencyType'
  | 'participations'
  | 'session'
  | 'course'
  | 'endedOn'
  | 'preScore'
  | 'postScore'
  | 'gain'
  | 'applied'
  | 'ratings'
  | 'meanRating';

/** What each list shows: persons and their enrolments, with the scores or answers the figure rests on; or sessions and their ratings. */
const columnsOf: Record<Measure, ColumnKey[]> = {
  officials: ['person', 'state', 'sex', 'agencyType', 'participations'],
  participations: ['person', 'state', 'sex', 'agencyType', 'session', 'course', 'endedOn'],
  paired_tests: ['person', 'state', 'sex', 'agencyType', 'session', 'course', 'endedOn', 'preScore', 'postScore', 'gain'],
  follow_ups: ['person', 'state', 'sex', 'agencyType', 'session', 'course', 'endedOn', 'applied'],
  rated_sessions: ['session', 'course', 'endedOn', 'ratings', 'meanRating'],
};

function recordColumns(measure: Measure, all: Record<ColumnKey, Column>) {
  return columnsOf[measure].map((key) => ({ key, ...all[key] }));
}

/** The records behind a figure: the officials or the completed enrolments it counts, page by page. */
export function RecordsPage() {
  const { t } = useTranslation();
  const { formatNumber, formatDay } = useFormat();
  const lang = currentLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const router = useRouter();
  const canGoBack = useCanGoBack();
  const memberStates = useMemberStates();
  const programmes = useQuery(programmesQuery());
  const reference = useQuery(referenceQuery());
  const page = search.page ?? 1;
  const records = useQuery(recordsQuery({ ...search, page }));
  const title = t(`results.records.title.${search.measure}`);

  const programmeTitle = (id: string) => {
    const programme = programmes.data?.items.find((p) => p.id === id);
    return programme ? `${programme.code} — ${pick(programme.title, lang).text}` : id;
  };
  const pillarTitle = (code: string) => reference.data?.pillars.find((p) => p.code === code)?.titles[lang] ?? code;
  const narrowing: { key: string; label: string }[] = [
    search.state && { key: 'state', label: memberStates.nameOf(search.state) },
    search.programme && { key: 'programme', label: programmeTitle(search.programme) },
    search.year && { key: 'year', label: String(search.year) },
    search.sex && { key: 'sex', label: t(`registry.sex.${search.sex}`) },
    search.agencyType && { key: 'agencyType', label: t(`agencyTypes.${search.agencyType}`, { defaultValue: search.agencyType }) },
    search.courseLevel && {
      key: 'courseLevel',
      label: t(`curriculum.levels.${search.courseLevel}`, { defaultValue: search.courseLevel }),
    },
    search.thematicArea && {
      key: 'thematicArea',
      label: t(`curriculum.thematicAreas.${search.thematicArea}`, { defaultValue: search.thematicArea }),
    },
    search.pillar && { key: 'pillar', label: pillarTitle(search.pillar) },
    search.modality && { key: 'modality', label: t(`sessions.modalities.${search.modality}`) },
  ].filter((item): item is { key: string; label: string } => Boolean(item));

  const data = records.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / RECORDS_PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * RECORDS_PAGE_SIZE + 1;
  const last = Math.min(total, page * RECORDS_PAGE_SIZE);
  const aboutPersons = search.measure !== 'rated_sessions';

  const who = (row: RecordRow) =>
    data?.identities && row.name ? (
      row.officialId ? (
        <Anchor
          renderRoot={(props) => <Link {...props} to="/officials/$id" params={{ id: row.officialId ?? '' }} />}
          size="sm"
          fw={600}
        >
          {row.name}
        </Anchor>
      ) : (
        <Text size="sm" fw={600}>
          {row.name}
        </Text>
      )
    ) : (
      <Text size="sm" ff="monospace">
        <Ltr>{row.pseudonym ?? '—'}</Ltr>
      </Text>
    );
  const score = (value: number | null) => (value === null ? '—' : formatNumber(value, { maximumFractionDigits: 1 }));
  const columns = recordColumns(search.measure, {
    person: {
      header: data?.identities ? t('results.records.columns.official') : t('results.records.columns.pseudonym'),
      cell: who,
    },
    state: {
      header: t('results.dimensions.state'),
      cell: (row) => (row.stateIso2 ? memberStates.nameOf(row.stateIso2) : '—'),
    },
    sex: {
      header: t('results.dimensions.sex'),
      cell: (row) => (row.sex ? t(`registry.sex.${row.sex}`, { defaultValue: row.sex }) : '—'),
    },
    agencyType: {
      header: t('results.dimensions.agency_type'),
      cell: (row) => (row.agencyType ? t(`agencyTypes.${row.agencyType}`, { defaultValue: row.agencyType }) : '—'),
    },
    participations: { header: t('results.measures.participations'), end: true, cell: (row) => formatNumber(row.participations) },
    session: {
      header: t('results.records.columns.session'),
      cell: (row) =>
        row.sessionId && row.sessionCode ? (
          <Anchor renderRoot={(props) => <Link {...props} to="/sessions/$id" params={{ id: row.sessionId ?? '' }} />} size="sm">
            <Ltr>{row.sessionCode}</Ltr>
          </Anchor>
        ) : (
          '—'
        ),
    },
    course: { header: t('results.records.columns.course'), cell: (row) => row.courseTitle ?? '—' },
    endedOn: { header: t('results.records.columns.endedOn'), cell: (row) => (row.endedOn ? formatDay(row.endedOn) : '—') },
    preScore: { header: t('results.records.columns.preScore'), end: true, cell: (row) => score(row.preScore) },
    postScore: { header: t('results.records.columns.postScore'), end: true, cell: (row) => score(row.postScore) },
    gain: {
      header: t('results.records.columns.gain'),
      end: true,
      cell: (row) =>
        row.preScore === null || row.postScore === null
          ? '—'
          : formatNumber(row.postScore - row.preScore, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
    },
    applied: {
      header: t('results.records.columns.applied'),
      cell: (row) => (row.applied === null ? '—' : row.applied ? t('results.records.yes') : t('results.records.no')),
    },
    ratings: {
      header: t('results.records.columns.ratings'),
      end: true,
      cell: (row) => (row.ratings === null ? '—' : formatNumber(row.ratings)),
    },
    meanRating: {
      header: t('results.records.columns.meanRating'),
      end: true,
      cell: (row) => (row.meanRating === null ? '—' : formatNumber(row.meanRating, { maximumFractionDigits: 2 })),
    },
  });

  return (
    <>
      <Anchor
        renderRoot={(props) => (
          <Link
            {...props}
            to="/results"
            search={{ from: search.from, to: search.to, state: search.state, programme: search.programme }}
            onClick={(event) => {
              // Back to the very view the figure was chosen on (its filters, not the cell's); a
              // shared link opened here has no such view and goes to the results of its period.
              if (canGoBack) {
                event.preventDefault();
                router.history.back();
              }
            }}
          />
        )}
        size="sm"
        mb="xs"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 4 }}
        data-testid="records-back"
      >
        <IconArrowLeft size={14} aria-hidden style={{ transform: lang === 'ar' ? 'scaleX(-1)' : undefined }} />
        {t('results.records.back')}
      </Anchor>
      <PageHeader title={title} description={t(`results.definitions.${indicatorOfMeasure[search.measure]}`)} />
      <Group gap="xs" mb="md">
        {data && (
          <Badge variant="filled" size="lg" tt="none">
            {t('results.period.showing', { period: periodLabel(data.period, formatDay) })}
          </Badge>
        )}
        {narrowing.map((item) => (
          <Badge key={item.key} variant="light" size="lg" tt="none" data-testid={`records-filter-${item.key}`}>
            {t('results.records.filter', { name: t(`results.records.filters.${item.key}`), value: item.label })}
          </Badge>
        ))}
      </Group>
      {records.isError && <ErrorAlert error={records.error} />}
      {records.isPending && <Loader aria-label={t('common.loading')} />}
      {data && (
        <Stack gap="xs">
          {aboutPersons && (
            <Alert
              variant="light"
              color={data.identities ? 'yellow' : 'gray'}
              icon={data.identities ? <IconUserShield size={18} aria-hidden /> : <IconLock size={18} aria-hidden />}
              data-testid="records-identities"
              data-identities={data.identities}
            >
              {data.identities ? t('results.records.identities') : t('results.records.pseudonymous')}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed" role="status" data-testid="records-total" data-value={total}>
              {t('results.records.range', {
                first: formatNumber(first),
                last: formatNumber(last),
                total: formatNumber(total),
              })}
            </Text>
            {records.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
          </Group>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={125 * columns.length}>
              <Table striped highlightOnHover verticalSpacing="xs" data-testid="records-table">
                <Table.Thead>
                  <Table.Tr>
                    {columns.map((column) => (
                      <Table.Th key={column.key} ta={column.end ? 'end' : undefined}>
                        {column.header}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((row) => (
                    // One row per person (officials), per enrolment (person and session) or per session.
                    <Table.Tr key={`${row.pseudonym ?? ''}-${row.sessionId ?? ''}`} data-testid="records-row">
                      {columns.map((column) => (
                        <Table.Td key={column.key} ta={column.end ? 'end' : undefined}>
                          {column.cell(row)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                  {data.rows.length === 0 && <EmptyTableRow colSpan={columns.length}>{t('results.records.none')}</EmptyTableRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {pages > 1 && (
            <PageSwitcher
              total={pages}
              value={page}
              onChange={(next) =>
                void navigate({ search: (prev: RecordsSearch) => ({ ...prev, page: next > 1 ? next : undefined }) })
              }
            />
          )}
        </Stack>
      )}
    </>
  );
}
