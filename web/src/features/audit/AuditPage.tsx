import { ActionIcon, Alert, Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditOutcome, auditOutcomes, roles } from '../../../../contract/enums';
import { http } from '../../api/http';
import type { AuditAnchor, AuditEntry, AuditVerification } from '../../api/types';
import { DateRangeInputs } from '../../components/DateRangeInputs';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { Ltr } from '../../components/Ltr';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../i18n/format';
import {
  AUDIT_PAGE_SIZE,
  actionName,
  auditActionsQuery,
  auditAnchorQuery,
  auditQuery,
  auditRecordTypes,
  recordTypeName,
} from './audit';

const route = getRouteApi('/app/admin/audit');

const outcomeColors: Record<AuditOutcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

export function AuditPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [actorText, setActorText] = useState(search.actor ?? '');
  const [debouncedActor] = useDebouncedValue(actorText.trim(), 400);
  const page = search.page ?? 1;

  useEffect(() => {
    if ((search.actor ?? '') !== debouncedActor) {
      void navigate({ search: (prev) => ({ ...prev, actor: debouncedActor || undefined, page: undefined }), replace: true });
    }
  }, [debouncedActor, search.actor, navigate]);

  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...changes, page: undefined }) });

  // Keyset paging: a page reached from the one before starts where that one ended (the API's
  // nextBeforeSeq); a page jumped to directly is read by its number.
  const cursors = useRef(new Map<string, number>());
  const cursorKey = (p: number) => JSON.stringify([{ ...search, page: undefined }, p]);
  const entries = useQuery(auditQuery({ ...search, page, beforeSeq: cursors.current.get(cursorKey(page)) }));
  const nextBeforeSeq = entries.isPlaceholderData ? null : entries.data?.nextBeforeSeq;
  if (nextBeforeSeq) cursors.current.set(cursorKey(page + 1), nextBeforeSeq);
  const actions = useQuery(auditActionsQuery);
  const anchor = useQuery(auditAnchorQuery);
  const verify = useMutation({
    mutationFn: () => http.get('/audit/verify'),
    onSettled: () => void anchor.refetch(),
  });

  const total = entries.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <Button
            variant="light"
            leftSection={<IconShieldCheck size={18} aria-hidden />}
            onClick={() => verify.mutate()}
            loading={verify.isPending}
            data-testid="audit-verify"
          >
            {t('audit.verify.button')}
          </Button>
        }
      />
      <Stack gap="md">
        {anchor.data && <ChainAnchor anchor={anchor.data} />}
        {anchor.isError && <ErrorAlert error={anchor.error} />}
        {verify.data && <ChainVerdict verdict={verify.data} />}
        {verify.isError && <ErrorAlert error={verify.error} />}

        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t('audit.filters.actor')}
              placeholder={t('audit.filters.actorPlaceholder')}
              value={actorText}
              onChange={(event) => setActorText(event.currentTarget.value)}
              type="search"
            />
            <FilterSelect
              label={t('audit.filters.action')}
              any={t('audit.filters.any')}
              data={(actions.data?.actions ?? []).map((value) => ({ value, label: `${actionName(t, value)} (${value})` }))}
              value={search.action}
              onChange={(value) => setFilter({ action: value })}
              searchable
              data-testid="audit-action"
            />
            <FilterSelect
              label={t('audit.filters.outcome')}
              any={t('audit.filters.any')}
              data={auditOutcomes.map((value) => ({ value, label: t(`audit.outcomes.${value}`) }))}
              value={search.outcome}
              onChange={(value) => setFilter({ outcome: value })}
            />
            <FilterSelect
              label={t('audit.filters.recordType')}
              any={t('audit.filters.any')}
              data={auditRecordTypes.map((value) => ({ value, label: recordTypeName(t, value) }))}
              value={search.recordType}
              onChange={(value) => setFilter({ recordType: value })}
            />
            <DateRangeInputs
              from={search.from}
              to={search.to}
              fromLabel={t('audit.filters.from')}
              toLabel={t('audit.filters.to')}
              onChange={setFilter}
            />
          </SimpleGrid>
        </Paper>

        <PagedList
          query={entries}
          count={t('audit.count', { count: total })}
          countTestId="audit-count"
          pages={pages}
          page={page}
          onPage={(next) => void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })}
          gap="md"
        >
          {(data) => (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={960}>
                <Table striped verticalSpacing="xs" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('audit.columns.seq')}</Table.Th>
                      <Table.Th>{t('audit.columns.at')}</Table.Th>
                      <Table.Th>{t('audit.columns.actor')}</Table.Th>
                      <Table.Th>{t('audit.columns.action')}</Table.Th>
                      <Table.Th>{t('audit.columns.outcome')}</Table.Th>
                      <Table.Th>{t('audit.columns.record')}</Table.Th>
                      <Table.Th>{t('audit.columns.address')}</Table.Th>
                      <Table.Th>{t('audit.columns.requestId')}</Table.Th>
                      <Table.Th>{t('audit.columns.details')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((entry) => (
                      <AuditRow key={entry.seq} entry={entry} />
                    ))}
                    {data.items.length === 0 && <EmptyTableRow colSpan={9}>{t('audit.none')}</EmptyTableRow>}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
        </PagedList>
      </Stack>
    </>
  );
}

/** Long ids are shortened in the row; the expanded row shows them in full. */
const short = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const { formatDateTime, formatNumber } = useFormat();
  const [open, setOpen] = useState(false);
  const detailsId = `audit-details-${entry.seq}`;
  const role = roles.find((r) => r === entry.actorRole);
  // The server's own jobs (seeding, housekeeping) act as `system:<job>`.
  const isSystem = entry.actorRole?.startsWith('system') ?? false;
  const nowrap = { whiteSpace: 'nowrap' } as const;

  return (
    <>
      <Table.Tr>
        <Table.Td>{formatNumber(entry.seq)}</Table.Td>
        <Table.Td style={nowrap}>{formatDateTime(entry.at, { seconds: true })}</Table.Td>
        <Table.Td>
          {entry.actorEmail ? (
            <Ltr>{entry.actorEmail}</Ltr>
          ) : (
            <Text span inherit c="dimmed">
              {isSystem ? t('audit.system') : t('audit.anonymous')}
            </Text>
          )}
          {entry.actorRole && (
            <Text size="xs" c="dimmed">
              {role ? t(`roles.${role}`) : <Ltr>{entry.actorRole}</Ltr>}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <div>{actionName(t, entry.action)}</div>
          <Text size="xs" c="dimmed" ff="monospace">
            <Ltr>{entry.action}</Ltr>
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge color={outcomeColors[entry.outcome]} variant="light">
            {t(`audit.outcomes.${entry.outcome}`)}
          </Badge>
        </Table.Td>
        <Table.Td>
          {entry.recordType ? <div>{recordTypeName(t, entry.recordType)}</div> : '—'}
          {entry.recordId && (
            <Text size="xs" c="dimmed" ff="monospace">
              <Ltr>{short(entry.recordId)}</Ltr>
            </Text>
          )}
        </Table.Td>
        <Table.Td ff="monospace" fz="xs">
          {entry.address ? <Ltr>{entry.address}</Ltr> : '—'}
        </Table.Td>
        <Table.Td ff="monospace" fz="xs" style={nowrap}>
          {entry.requestId ? <Ltr>{short(entry.requestId)}</Ltr> : '—'}
        </Table.Td>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            onClick={() => setOpen((value) => !value)}
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={open ? t('audit.hideDetails') : t('audit.showDetails')}
            data-testid={`audit-toggle-${entry.seq}`}
          >
            {open ? <IconChevronUp size={16} /> : <IconChevronDown size={16} />}
          </ActionIcon>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={detailsId}>
          <Table.Td colSpan={9}>
            <Stack gap="xs">
              <Group gap="xl" fz="xs">
                {entry.actorUserId && (
                  <span>
                    {t('audit.columns.actor')}:{' '}
                    <Code>
                      <Ltr>{entry.actorUserId}</Ltr>
                    </Code>
                  </span>
                )}
                {entry.recordId && (
                  <span>
                    {t('audit.columns.record')}:{' '}
                    <Code>
                      <Ltr>{entry.recordId}</Ltr>
                    </Code>
                  </span>
                )}
                {entry.requestId && (
                  <span>
                    {t('audit.columns.requestId')}:{' '}
                    <Code>
                      <Ltr>{entry.requestId}</Ltr>
                    </Code>
                  </span>
                )}
              </Group>
              {entry.details && (
                <Code block dir="ltr">
                  {JSON.stringify(entry.details, null, 2)}
                </Code>
              )}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function ChainVerdict({ verdict }: { verdict: AuditVerification }) {
  const { t } = useTranslation();
  if (verdict.ok) {
    return (
      <Alert color="green" icon={<IconShieldCheck size={18} />} title={t('audit.verify.okTitle')} data-testid="audit-verdict">
        {t('audit.verify.ok', { count: verdict.checked })}
      </Alert>
    );
  }
  return (
    <Alert color="red" icon={<IconShieldX size={18} />} title={t('audit.verify.brokenTitle')} data-testid="audit-verdict">
      {verdict.firstProblem
        ? t('audit.verify.brokenAt', {
            count: verdict.checked,
            seq: verdict.firstProblem.seq,
            problem: verdict.firstProblem.problem,
          })
        : t('audit.verify.broken', { count: verdict.checked })}
    </Alert>
  );
}

/** The latest signed checkpoint (kept outside the database) and whether the log still agrees with it. */
function ChainAnchor({ anchor }: { anchor: AuditAnchor }) {
  const { t } = useTranslation();
  const { formatDateTime, formatNumber } = useFormat();
  const { checkpoint, problem } = anchor;
  return (
    <Paper withBorder p="md" data-testid="audit-checkpoint">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>{t('audit.checkpoint.title')}</Text>
          {problem ? (
            <Badge color="red" leftSection={<IconShieldX size={14} aria-hidden />}>
              {t('audit.checkpoint.contradicted')}
            </Badge>
          ) : checkpoint ? (
            <Badge color="green" leftSection={<IconShieldCheck size={14} aria-hidden />}>
              {t('audit.checkpoint.agrees')}
            </Badge>
          ) : null}
        </Group>
        {checkpoint ? (
          <>
            <Text size="sm">
              {t('audit.checkpoint.summary', {
                number: formatNumber(checkpoint.number),
                seq: formatNumber(checkpoint.seq),
                time: formatDateTime(checkpoint.time, { seconds: true }),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('audit.checkpoint.hash')}{' '}
              <Code>
                <Ltr>{checkpoint.hash}</Ltr>
              </Code>
            </Text>
            {checkpoint.keyedFrom > 1 && (
              <Text size="sm" c="dimmed">
                {t('audit.checkpoint.keyedFrom', { seq: formatNumber(checkpoint.keyedFrom) })}
              </Text>
            )}
          </>
        ) : (
          !problem && <Text size="sm">{t('audit.checkpoint.none')}</Text>
        )}
        {problem && (
          <Alert color="red" icon={<IconShieldX size={18} />} title={t('audit.checkpoint.problemTitle')}>
            <Ltr>{problem}</Ltr>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
