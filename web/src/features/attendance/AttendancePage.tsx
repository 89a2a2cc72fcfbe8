import {
  Alert,
  Anchor,
  Badge,
  Button,
  Chip,
  FileButton,
  Group,
  Modal,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCloudUpload, IconFileImport, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { describeDeliveryError, fullName, localised } from '../../components/deliveryText';
import { ErrorAlert, ruleText } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/session';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { stamp } from '../../offline/queue';
import type { KeptMark, QueuedChange } from '../../offline/store';
import { type MarkResult, sendOrKeep, useOfflineChanges } from '../../offline/sync';
import { type DeliverySheet, deliveryKey, deliveryQuery, type Participant } from './delivery';
import { isWaiting, withWaitingMarks } from './offlineSheet';

const route = getRouteApi('/app/sessions/$id/attendance');

/** The trainer's page for one session (also a tab of the session page), full width for a tablet. */
export function AttendancePage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const sheet = useQuery(deliveryQuery(id));
  const lang = currentLanguage();
  return (
    <>
      <PageHeader
        title={t('delivery.title')}
        description={sheet.data ? `${sheet.data.session.code} · ${localised(sheet.data.course.title, lang)}` : undefined}
        actions={
          <Link to="/sessions/$id/nominations" params={{ id }}>
            {t('delivery.openNominations')}
          </Link>
        }
      />
      <DeliveryPanel sessionId={id} />
    </>
  );
}

/** Attendance per day (large touch targets), test scores, completion. */
export function DeliveryPanel({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const query = useQuery(deliveryQuery(sessionId));
  const changes = useOfflineChanges(useMe().id);
  const sheet = { ...query, data: query.data ? withWaitingMarks(query.data, changes) : undefined };
  const [tab, setTab] = useState<string | null>('attendance');
  return (
    <>
      {/* Offline, a sheet already read stays on screen: the failed refresh is not news. */}
      {sheet.isError && !sheet.data && <ErrorAlert error={sheet.error} />}
      {sheet.data && !sheet.data.can.record && (
        <Alert color="gray" mb="md" data-testid="sheet-closed">
          {ruleText(
            t,
            {
              rule: sheet.data.session.status === 'cancelled' ? 'delivery.session_cancelled' : 'delivery.session_completed',
              params: { code: sheet.data.session.code },
            },
            '',
          )}
        </Alert>
      )}
      {sheet.data && (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="attendance" fz="md" py="md" data-testid="tab-attendance">
              {t('delivery.tabs.attendance')}
            </Tabs.Tab>
            <Tabs.Tab value="scores" fz="md" py="md" data-testid="tab-scores">
              {t('delivery.tabs.scores')}
            </Tabs.Tab>
            <Tabs.Tab value="completion" fz="md" py="md" data-testid="tab-completion">
              {t('delivery.tabs.completion')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="attendance">
            <AttendanceSheet sheet={sheet.data} changes={changes} />
          </Tabs.Panel>
          <Tabs.Panel value="scores">
            <ScoresSheet sheet={sheet.data} changes={changes} />
          </Tabs.Panel>
          <Tabs.Panel value="completion">
            <CompletionSheet sheet={sheet.data} />
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}

/** Tells the trainer what became of a mark that was not simply recorded: a later mark stays (who, when). */
function useMarkFeedback() {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  return (kept: KeptMark | null) => {
    if (!kept) return;
    const value =
      kept.value === 'present' || kept.value === 'absent' ? t(`offline.${kept.value}`) : kept.value || t('offline.cleared');
    notifications.show({
      color: 'yellow',
      message: t('offline.overridden', {
        value,
        by: kept.recordedBy ?? t('offline.someone'),
        at: kept.recordedAt ? formatDateTime(kept.recordedAt) : '—',
      }),
    });
  };
}

/** A mark that lost to a later one, as the sheet's history shows it: who and when on both sides. */
function OverriddenLine({ mark, value }: { mark: Participant['overridden'][number]; value: string }) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  return (
    <Text size="xs" data-testid="overridden-mark">
      {t('offline.history', {
        value,
        by: mark.madeBy ?? t('offline.someone'),
        at: formatDateTime(mark.madeAt),
        winner: mark.overriddenBy ?? t('offline.someone'),
        winnerAt: formatDateTime(mark.overriddenAt),
      })}
    </Text>
  );
}

function WaitingBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="orange" variant="light" leftSection={<IconCloudUpload size={12} aria-hidden />} data-testid="mark-waiting">
      {t('offline.pendingMark')}
    </Badge>
  );
}

function AttendanceSheet({ sheet, changes }: { sheet: DeliverySheet; changes: readonly QueuedChange[] }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const queryClient = useQueryClient();
  const me = useMe();
  const feedback = useMarkFeedback();
  const today = new Date().toISOString().slice(0, 10);
  const initial = sheet.days.includes(today) ? today : (sheet.days[0] ?? '');
  const [day, setDay] = useState(initial);
  const mark = useMutation({
    // Runs without network too (not paused): sent at once when the network is up, otherwise kept on this device.
    networkMode: 'always',
    mutationFn: (v: { participant: Participant; present: boolean }): Promise<MarkResult> =>
      sendOrKeep(
        stamp({
          kind: 'attendance',
          userId: me.id,
          sessionId: sheet.session.id,
          nominationId: v.participant.nominationId,
          day,
          present: v.present,
          label: `${fullName(v.participant.official)} · ${sheet.session.code} · ${formatDay(day)}`,
        }),
      ),
    // Saved per click: the screen shows the mark at once and rolls back if the server refuses it.
    onMutate: async (v) => {
      await queryClient.cancelQueries({ queryKey: deliveryKey(sheet.session.id) });
      const before = queryClient.getQueryData<DeliverySheet>(deliveryKey(sheet.session.id));
      queryClient.setQueryData<DeliverySheet>(deliveryKey(sheet.session.id), (s) =>
        s
          ? {
              ...s,
              participants: s.participants.map((p) =>
                p.nominationId === v.participant.nominationId ? { ...p, attendance: { ...p.attendance, [day]: v.present } } : p,
              ),
            }
          : s,
      );
      return { before };
    },
    onSuccess: (result) => feedback(result.kept),
    onError: (error, _v, context) => {
      if (context?.before) queryClient.setQueryData(deliveryKey(sheet.session.id), context.before);
      notifications.show({ color: 'red', message: describeDeliveryError(t, error) });
    },
    onSettled: (result) => {
      // A mark kept on this device shows from the queue; asking the server now would only fail.
      if (!result?.queued) void queryClient.invalidateQueries({ queryKey: deliveryKey(sheet.session.id) });
    },
  });

  if (sheet.days.length === 0) return <Alert color="gray">{t('delivery.noDays')}</Alert>;
  const presentToday = sheet.participants.filter((p) => p.attendance[day] === true).length;

  return (
    <Stack>
      <ScrollArea type="auto" offsetScrollbars>
        <Chip.Group value={day} onChange={(v) => setDay(v as string)}>
          <Group wrap="nowrap" gap="xs" data-testid="day-picker">
            {sheet.days.map((d, i) => (
              <Chip key={d} value={d} size="lg" radius="sm" data-testid="day-chip">
                {t('delivery.dayN', { n: i + 1 })} · {formatDay(d)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </ScrollArea>
      <Text role="status" data-testid="present-count">
        {t('delivery.presentCount', { present: presentToday, total: sheet.participants.length })}
      </Text>
      {sheet.participants.length === 0 && <Alert color="gray">{t('delivery.noParticipants')}</Alert>}
      <Stack gap="sm">
        {sheet.participants.map((p) => {
          const value = p.attendance[day];
          const history = p.overridden.filter((o) => o.subject === 'attendance' && o.day === day);
          return (
            <Paper key={p.nominationId} withBorder p="sm" data-testid="attendance-row" data-name={p.official.familyName}>
              {/* On a phone the buttons go under the name, which keeps the whole width to be read. */}
              <Group justify="space-between" gap="md">
                <div style={{ flex: '1 1 12rem', minWidth: 0 }}>
                  <Text fw={600} fz="lg" truncate>
                    {fullName(p.official)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {p.official.stateIso2} ·{' '}
                    {t('delivery.daysPresent', { present: p.completion.daysPresent, total: sheet.days.length })}
                  </Text>
                  {isWaiting(changes, p.nominationId, { day }) && <WaitingBadge />}
                  {history.map((o) => (
                    <OverriddenLine
                      key={`${o.madeAt}-${o.overriddenAt}`}
                      mark={o}
                      value={o.present ? t('offline.present') : t('offline.absent')}
                    />
                  ))}
                </div>
                <Group gap="xs" wrap="nowrap">
                  <BigToggle
                    selected={value === true}
                    colour="green"
                    icon={<IconCheck size={26} aria-hidden />}
                    label={t('delivery.present')}
                    onClick={() => mark.mutate({ participant: p, present: true })}
                    disabled={!sheet.can.record}
                    testId="mark-present"
                  />
                  <BigToggle
                    selected={value === false}
                    colour="red"
                    icon={<IconX size={26} aria-hidden />}
                    label={t('delivery.absent')}
                    onClick={() => mark.mutate({ participant: p, present: false })}
                    disabled={!sheet.can.record}
                    testId="mark-absent"
                  />
                </Group>
              </Group>
            </Paper>
          );
        })}
      </Stack>
    </Stack>
  );
}

/** A large (64 px) button for a finger on a tablet, pressed when selected. */
function BigToggle(props: {
  selected: boolean;
  colour: string;
  icon: React.ReactNode;
  label: string;
  onClick: () => void;
  disabled: boolean;
  testId: string;
}) {
  // The theme's text shade of the colour: it reads on white, and white reads on it (theme.ts).
  const c = `var(--mantine-color-${props.colour}-text)`;
  return (
    <UnstyledButton
      onClick={props.onClick}
      disabled={props.disabled}
      aria-pressed={props.selected}
      data-testid={props.testId}
      style={{
        minWidth: 120,
        minHeight: 64,
        borderRadius: 10,
        border: `2px solid ${c}`,
        background: props.selected ? c : 'transparent',
        color: props.selected ? 'white' : c,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 8,
        fontWeight: 700,
        fontSize: 18,
        opacity: props.disabled ? 0.5 : 1,
        cursor: props.disabled ? 'not-allowed' : 'pointer',
      }}
    >
      {props.icon}
      {props.label}
    </UnstyledButton>
  );
}

function ScoresSheet({ sheet, changes }: { sheet: DeliverySheet; changes: readonly QueuedChange[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const feedback = useMarkFeedback();
  const max = sheet.course.testMaxScore;
  const save = useMutation({
    networkMode: 'always',
    mutationFn: (v: { participant: Participant; kind: 'pre' | 'post'; score: number | null }) =>
      sendOrKeep(
        stamp({
          kind: 'score',
          userId: me.id,
          sessionId: sheet.session.id,
          nominationId: v.participant.nominationId,
          testKind: v.kind,
          score: v.score,
          label: `${fullName(v.participant.official)} · ${sheet.session.code} · ${t(`delivery.${v.kind}`)}`,
        }),
      ),
    onSuccess: (result) => {
      if (result.kept) feedback(result.kept);
      else notifications.show({ color: 'green', message: result.queued ? t('offline.savedHere') : t('delivery.scoreSaved') });
    },
    onError: (error) => notifications.show({ color: 'red', message: describeDeliveryError(t, error) }),
    onSettled: (result) => {
      if (!result?.queued) void queryClient.invalidateQueries({ queryKey: deliveryKey(sheet.session.id) });
    },
  });
  if (max === null) return <Alert color="gray">{t('delivery.noTest')}</Alert>;
  const cell = (p: Participant, kind: 'pre' | 'post') => (
    <NumberInput
      defaultValue={(kind === 'pre' ? p.preScore : p.postScore) ?? ''}
      min={0}
      max={max}
      decimalScale={2}
      size="md"
      w={120}
      aria-label={`${t(`delivery.${kind}`)} · ${fullName(p.official)}`}
      data-testid={`score-${kind}`}
      disabled={!sheet.can.record}
      onBlur={(e) => {
        const text = e.currentTarget.value.trim().replace(',', '.');
        const score = text === '' ? null : Number(text);
        const before = kind === 'pre' ? p.preScore : p.postScore;
        if (score !== before && (score === null || Number.isFinite(score))) save.mutate({ participant: p, kind, score });
      }}
    />
  );
  const history = (p: Participant, kind: 'pre' | 'post') => (
    <>
      {isWaiting(changes, p.nominationId, { testKind: kind }) && <WaitingBadge />}
      {p.overridden
        .filter((o) => o.subject === kind)
        .map((o) => (
          <OverriddenLine
            key={`${o.madeAt}-${o.overriddenAt}`}
            mark={o}
            value={o.score === null ? t('offline.cleared') : String(o.score)}
          />
        ))}
    </>
  );
  return (
    <Stack>
      <Text c="dimmed">{t('delivery.scoreHelp', { max, passMark: sheet.course.postTestPassMark ?? '—' })}</Text>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="sm" data-testid="scores-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('nominations.name')}</Table.Th>
              <Table.Th>{t('delivery.pre')}</Table.Th>
              <Table.Th>{t('delivery.post')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sheet.participants.map((p) => (
              <Table.Tr key={p.nominationId}>
                <Table.Td>{fullName(p.official)}</Table.Td>
                <Table.Td>
                  {cell(p, 'pre')}
                  {history(p, 'pre')}
                </Table.Td>
                <Table.Td>
                  {cell(p, 'post')}
                  {history(p, 'post')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ScoreImport sheet={sheet} />
    </Stack>
  );
}

function ScoreImport({ sheet }: { sheet: DeliverySheet }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (commit: boolean) => http.post(`/sessions/${sheet.session.id}/scores/import`, { csv, commit }),
    onSuccess: async (result) => {
      if (result.committed) {
        notifications.show({ color: 'green', message: t('delivery.import.done', { n: result.valid }) });
        setCsv(null);
        await queryClient.invalidateQueries({ queryKey: deliveryKey(sheet.session.id) });
      }
    },
  });
  const template = `official_id,name,pre,post\n${sheet.participants.map((p) => `${p.official.id},"${fullName(p.official)}",,`).join('\n')}\n`;
  const preview = run.data && !run.data.committed ? run.data : null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('delivery.import.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('delivery.import.help')}
      </Text>
      <Group mb="sm">
        <Anchor
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`}
          download={`${sheet.session.code}-scores.csv`}
        >
          {t('delivery.import.template')}
        </Anchor>
        <FileButton
          accept=".csv,text/csv"
          onChange={async (file) => {
            if (!file) return;
            setCsv(await file.text());
            run.reset();
          }}
        >
          {(props) => (
            <Button {...props} variant="light" leftSection={<IconFileImport size={16} aria-hidden />}>
              {t('delivery.import.choose')}
            </Button>
          )}
        </FileButton>
        <Button disabled={!csv} onClick={() => run.mutate(false)} loading={run.isPending && run.variables === false}>
          {t('delivery.import.preview')}
        </Button>
      </Group>
      {run.isError && (
        <Alert color="red" role="alert" mb="sm">
          {describeDeliveryError(t, run.error)}
        </Alert>
      )}
      {preview && (
        <Stack gap="xs">
          <Text role="status">{t('delivery.import.summary', { valid: preview.valid, invalid: preview.invalid })}</Text>
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('delivery.import.line')}</Table.Th>
                  <Table.Th>{t('nominations.name')}</Table.Th>
                  <Table.Th>{t('delivery.pre')}</Table.Th>
                  <Table.Th>{t('delivery.post')}</Table.Th>
                  <Table.Th>{t('delivery.import.errors')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((r) => (
                  <Table.Tr key={r.line} bg={r.errors.length ? 'var(--mantine-color-red-light)' : undefined}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.name ?? '—'}</Table.Td>
                    <Table.Td>{r.pre ?? ''}</Table.Td>
                    <Table.Td>{r.post ?? ''}</Table.Td>
                    <Table.Td>{r.errors.join('; ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button
              disabled={preview.invalid > 0}
              onClick={() => run.mutate(true)}
              loading={run.isPending && run.variables === true}
            >
              {t('delivery.import.commit', { n: preview.valid })}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

function CompletionSheet({ sheet }: { sheet: DeliverySheet }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const [overriding, setOverriding] = useState<Participant | null>(null);
  const completed = sheet.participants.filter((p) => p.completion.completed).length;
  return (
    <Stack>
      <Text>
        {t('delivery.completionRule', {
          threshold: formatNumber(Math.round(sheet.course.attendanceThreshold * 100)),
          passMark: sheet.course.postTestPassMark ?? '—',
        })}
      </Text>
      <Text fw={600} role="status" data-testid="completed-count">
        {t('delivery.completedCount', { completed, total: sheet.participants.length })}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" data-testid="completion-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('nominations.name')}</Table.Th>
              <Table.Th>{t('delivery.attendance')}</Table.Th>
              <Table.Th>{t('delivery.post')}</Table.Th>
              <Table.Th>{t('delivery.completion')}</Table.Th>
              {sheet.can.override && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sheet.participants.map((p) => (
              <Table.Tr key={p.nominationId} data-testid="completion-row">
                <Table.Td>{fullName(p.official)}</Table.Td>
                <Table.Td>
                  {p.completion.daysPresent}/{sheet.days.length} ({formatNumber(Math.round(p.completion.attendanceRate * 100))} %)
                </Table.Td>
                <Table.Td>{p.postScore ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={p.completion.completed ? 'green' : 'gray'} data-testid="completion-badge">
                    {p.completion.completed ? t('delivery.completed') : t('delivery.notCompleted')}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t(`delivery.reasons.${p.completion.reason}`)}
                    {p.completion.override ? ` — ${p.completion.override.reason}` : ''}
                  </Text>
                </Table.Td>
                {sheet.can.override && (
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => setOverriding(p)} data-testid="override-open">
                      {t('delivery.override.open')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {sheet.can.override && (
        <FollowUpRequest sessionId={sheet.session.id} ended={sheet.session.endDate < new Date().toISOString().slice(0, 10)} />
      )}
      {overriding && <OverrideModal sessionId={sheet.session.id} participant={overriding} onClose={() => setOverriding(null)} />}
    </Stack>
  );
}

function FollowUpRequest({ sessionId, ended }: { sessionId: string; ended: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => http.post(`/sessions/${sessionId}/follow-ups`),
    onSuccess: async (r) => {
      notifications.show({ color: 'green', message: t('delivery.followUp.done', { n: r.requested }) });
      await queryClient.invalidateQueries({ queryKey: deliveryKey(sessionId) });
    },
    onError: (error) => notifications.show({ color: 'red', message: describeDeliveryError(t, error) }),
  });
  return (
    <Paper withBorder p="md">
      <Group justify="space-between">
        <Text size="sm">{t('delivery.followUp.help')}</Text>
        <Button variant="light" disabled={!ended} onClick={() => run.mutate()} loading={run.isPending}>
          {t('delivery.followUp.request')}
        </Button>
      </Group>
    </Paper>
  );
}

function OverrideModal({
  sessionId,
  participant,
  onClose,
}: {
  sessionId: string;
  participant: Participant;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [completed, setCompleted] = useState(!participant.completion.completed);
  const [reason, setReason] = useState('');
  const done = async () => {
    notifications.show({ color: 'green', message: t('delivery.override.done') });
    await queryClient.invalidateQueries({ queryKey: deliveryKey(sessionId) });
    onClose();
  };
  const run = useMutation({
    mutationFn: () => http.put(`/nominations/${participant.nominationId}/completion-override`, { completed, reason }),
    onSuccess: done,
  });
  // Back to the rule: the officer's earlier decision is withdrawn.
  const clear = useMutation({
    mutationFn: () => http.delete(`/nominations/${participant.nominationId}/completion-override`),
    onSuccess: done,
  });
  return (
    <Modal opened onClose={onClose} title={t('delivery.override.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Stack>
          <Text fw={600}>{fullName(participant.official)}</Text>
          <Text size="sm" c="dimmed">
            {t('delivery.override.byRule', {
              verdict: participant.completion.byRule ? t('delivery.completed') : t('delivery.notCompleted'),
            })}
          </Text>
          <SegmentedControl
            value={completed ? 'yes' : 'no'}
            onChange={(v) => setCompleted(v === 'yes')}
            data={[
              { value: 'yes', label: t('delivery.completed') },
              { value: 'no', label: t('delivery.notCompleted') },
            ]}
          />
          <Textarea
            label={t('delivery.override.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={2}
          />
          {run.isError && (
            <Alert color="red" role="alert">
              {describeDeliveryError(t, run.error)}
            </Alert>
          )}
          {clear.isError && (
            <Alert color="red" role="alert">
              {describeDeliveryError(t, clear.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            {participant.completion.override && (
              <Button
                variant="subtle"
                color="red"
                onClick={() => clear.mutate()}
                loading={clear.isPending}
                data-testid="override-clear"
              >
                {t('delivery.override.clear')}
              </Button>
            )}
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={reason.trim() === ''} loading={run.isPending}>
              {t('delivery.override.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
