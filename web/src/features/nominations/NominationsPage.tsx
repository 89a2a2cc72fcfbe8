import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Radio,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskLevel, ScreeningDecision } from '../../../../contract/enums';
import { riskLevels, screeningDecisions } from '../../../../contract/enums';
import { http } from '../../api/http';
import { describeDeliveryError, fullName } from '../../components/deliveryText';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { NominationStatusBadge } from '../../components/NominationStatusBadge';
import { PageHeader } from '../../components/PageHeader';
import { RowCard, usePhone } from '../../components/RowCard';
import { useCan } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { candidatesQuery, type Nomination, nominationsKey, nominationsQuery, type Seats } from './nominations';

const route = getRouteApi('/app/sessions/$id/nominations');

/** The nominations page of one session (also reachable as a tab of the session page). */
export function NominationsPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const can = useCan();
  const list = useQuery(nominationsQuery(id));
  return (
    <>
      <PageHeader
        title={t('nominations.title')}
        description={list.data ? t('nominations.description', { code: list.data.seats.code }) : undefined}
        actions={
          can('delivery.record') ? (
            <Link to="/sessions/$id/attendance" params={{ id }}>
              {t('delivery.openAttendance')}
            </Link>
          ) : undefined
        }
      />
      <NominationsPanel sessionId={id} />
    </>
  );
}

/** The nominations of one session: focal points nominate, officers screen and decide. */
export function NominationsPanel({ sessionId: id }: { sessionId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const list = useQuery(nominationsQuery(id));
  const [acting, setActing] = useState<{ nomination: Nomination; action: Action } | null>(null);
  const isOfficer = can('nominations.decide');
  const canNominate = can('nominations.nominate');
  const canWithdraw = canNominate;
  // On a phone each nominee is a card: six columns would scroll sideways.
  const phone = usePhone();

  return (
    <>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.data && (
        <Stack gap="lg">
          <SeatsPanel seats={list.data.seats} />
          {canNominate && list.data.seats.nominationOpen && <NominatePanel sessionId={id} seats={list.data.seats} />}
          {canNominate && !list.data.seats.nominationOpen && (
            <Alert color="gray" data-testid="nominations-closed">
              {t('nominations.closed')}
            </Alert>
          )}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {canNominate ? t('nominations.listTitle') : t('nominations.roster')}
            </Title>
            {phone ? (
              <Stack gap="sm" data-testid="nominations-table">
                {list.data.items.length === 0 && <Text c="dimmed">{t('nominations.none')}</Text>}
                {list.data.items.map((n) => (
                  <RowCard
                    key={n.id}
                    testId="nomination-row"
                    data={{ 'data-name': n.official.familyName }}
                    title={<NomineeName nomination={n} />}
                    fields={[
                      { label: t('nominations.state'), value: <Text size="sm">{n.official.stateIso2}</Text> },
                      { label: t('nominations.statusLabel'), value: <NominationStatus nomination={n} /> },
                      ...(isOfficer ? [{ label: t('nominations.screening.title'), value: <Screening nomination={n} /> }] : []),
                      ...(n.decisionReason
                        ? [{ label: t('nominations.reason'), value: <Text size="sm">{n.decisionReason}</Text> }]
                        : []),
                    ]}
                    actions={
                      (isOfficer || canWithdraw) && actionsFor(n, isOfficer).length > 0 ? (
                        <NominationActions
                          nomination={n}
                          isOfficer={isOfficer}
                          onAct={(action) => setActing({ nomination: n, action })}
                        />
                      ) : undefined
                    }
                  />
                ))}
              </Stack>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table striped verticalSpacing="sm" data-testid="nominations-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('nominations.name')}</Table.Th>
                      <Table.Th>{t('nominations.state')}</Table.Th>
                      <Table.Th>{t('nominations.statusLabel')}</Table.Th>
                      {isOfficer && <Table.Th>{t('nominations.screening.title')}</Table.Th>}
                      <Table.Th>{t('nominations.reason')}</Table.Th>
                      {(isOfficer || canWithdraw) && <Table.Th>{t('nominations.actions')}</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.data.items.length === 0 && <EmptyTableRow colSpan={6}>{t('nominations.none')}</EmptyTableRow>}
                    {list.data.items.map((n) => (
                      <Table.Tr key={n.id} data-testid="nomination-row" data-name={n.official.familyName}>
                        <Table.Td>
                          <NomineeName nomination={n} />
                        </Table.Td>
                        <Table.Td>{n.official.stateIso2}</Table.Td>
                        <Table.Td>
                          <NominationStatus nomination={n} />
                        </Table.Td>
                        {isOfficer && (
                          <Table.Td>
                            <Screening nomination={n} />
                          </Table.Td>
                        )}
                        <Table.Td>
                          <Text size="sm">{n.decisionReason ?? ''}</Text>
                        </Table.Td>
                        {(isOfficer || canWithdraw) && (
                          <Table.Td>
                            <NominationActions
                              nomination={n}
                              isOfficer={isOfficer}
                              onAct={(action) => setActing({ nomination: n, action })}
                            />
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </Stack>
      )}
      {acting && (
        <ActionModal sessionId={id} nomination={acting.nomination} action={acting.action} onClose={() => setActing(null)} />
      )}
    </>
  );
}

function NomineeName({ nomination: n }: { nomination: Nomination }) {
  return (
    <div>
      <Text fw={500}>{fullName(n.official)}</Text>
      {n.official.agencyName && (
        <Text size="xs" c="dimmed">
          {n.official.agencyName}
        </Text>
      )}
    </div>
  );
}

function NominationStatus({ nomination: n }: { nomination: Nomination }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <NominationStatusBadge status={n.status} />
      {n.waitlistRank !== null && (
        <Text size="xs" c="dimmed">
          {t('nominations.rank', { rank: n.waitlistRank })}
        </Text>
      )}
    </Group>
  );
}

function Screening({ nomination: n }: { nomination: Nomination }) {
  const { t } = useTranslation();
  return n.screening ? (
    <Text size="sm">
      {t(`nominations.screening.decisions.${n.screening.decision}`)} · {t(`nominations.screening.risk.${n.screening.riskLevel}`)}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      {t('nominations.screening.notYet')}
    </Text>
  );
}

type NominationActionsProps = { nomination: Nomination; isOfficer: boolean; onAct: (action: Action) => void };

function NominationActions({ nomination, isOfficer, onAct }: NominationActionsProps) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      {actionsFor(nomination, isOfficer).map((action) => (
        <Button
          key={action}
          size="xs"
          variant={action === 'accept' ? 'filled' : 'light'}
          color={action === 'reject' || action === 'withdraw' ? 'red' : undefined}
          onClick={() => onAct(action)}
          data-testid={`nomination-${action}`}
        >
          {t(`nominations.act.${action}`)}
        </Button>
      ))}
    </Group>
  );
}

type Action = 'screen' | 'accept' | 'waitlist' | 'reject' | 'reopen' | 'withdraw';

function actionsFor(n: Nomination, isOfficer: boolean): Action[] {
  const out: Action[] = [];
  if (isOfficer && n.status === 'nominated') {
    out.push('screen');
    if (n.screening && n.screening.decision !== 'not_cleared') out.push('accept', 'waitlist');
    out.push('reject');
  }
  if (isOfficer && ['accepted', 'waitlisted', 'rejected'].includes(n.status)) out.push('reopen');
  if (['nominated', 'accepted', 'waitlisted'].includes(n.status)) out.push('withdraw');
  return out;
}

function SeatsPanel({ seats }: { seats: Seats }) {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="seats-panel">
      <Paper withBorder p="md">
        <Text size="sm" c="dimmed">
          {t('nominations.seats.accepted')}
        </Text>
        <Text fz={28} fw={700} data-testid="seats-left">
          {t('nominations.seats.ofCapacity', { accepted: formatNumber(seats.accepted), capacity: formatNumber(seats.capacity) })}
        </Text>
        <Progress value={(seats.accepted / seats.capacity) * 100} mt="xs" aria-hidden />
        <Text size="sm" mt="xs">
          {t('nominations.seats.left', { n: seats.seatsLeft })} · {t('nominations.seats.waitlisted', { n: seats.waitlisted })} ·{' '}
          {t('nominations.seats.pending', { n: seats.pending })}
        </Text>
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" c="dimmed">
          {t('nominations.deadline')}
        </Text>
        <Text fz={22} fw={600}>
          {formatDay(seats.nominationDeadline)}
        </Text>
        <Badge color={seats.nominationOpen ? 'green' : 'gray'} mt="xs">
          {seats.nominationOpen ? t('nominations.open') : t('nominations.notOpen')}
        </Badge>
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" c="dimmed" mb={4}>
          {t('nominations.quotas')}
        </Text>
        {seats.quotas.map((q) => (
          <Text key={q.stateIso2} size="sm" data-testid="quota-row">
            {t('nominations.quotaLine', { state: q.stateIso2, used: q.used, seats: q.seats, left: q.left })}
          </Text>
        ))}
      </Paper>
    </SimpleGrid>
  );
}

function NominatePanel({ sessionId, seats }: { sessionId: string; seats: Seats }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const candidates = useQuery(candidatesQuery(sessionId, debounced));
  const nominate = useMutation({
    mutationFn: (officialId: string) => http.post(`/sessions/${sessionId}/nominations`, { officialId }),
    onSuccess: async (n) => {
      notifications.show({ color: 'green', message: t('nominations.nominated', { name: fullName(n.official) }) });
      await queryClient.invalidateQueries({ queryKey: nominationsKey(sessionId) });
    },
  });
  const full = seats.quotas.length > 0 && seats.quotas.every((quota) => quota.left === 0);
  return (
    <Paper withBorder p="md" data-testid="nominate-panel">
      <Title order={2} size="h4" mb="sm">
        {t('nominations.nominateTitle')}
      </Title>
      <TextInput
        label={t('nominations.searchOfficials')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        w={{ base: '100%', sm: 360 }}
        mb="sm"
        data-testid="candidate-search"
      />
      {nominate.isError && (
        <Alert color="red" mb="sm" role="alert">
          {describeDeliveryError(t, nominate.error)}
        </Alert>
      )}
      {full && (
        <Alert color="yellow" mb="sm">
          {t('nominations.quotaFull')}
        </Alert>
      )}
      <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
        <Stack gap={4}>
          {candidates.data?.items.length === 0 && (
            <Text c="dimmed" size="sm">
              {t('nominations.noCandidates')}
            </Text>
          )}
          {candidates.data?.items.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap" data-testid="candidate-row">
              <div>
                <Text fw={500}>{fullName(c)}</Text>
                <Text size="xs" c="dimmed">
                  {[c.stateIso2, c.rank, c.agencyName].filter(Boolean).join(' · ')}
                </Text>
              </div>
              <Button
                size="xs"
                leftSection={<IconUserPlus size={14} aria-hidden />}
                onClick={() => nominate.mutate(c.id)}
                loading={nominate.isPending && nominate.variables === c.id}
                disabled={full}
                data-testid="candidate-nominate"
              >
                {t('nominations.nominate')}
              </Button>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}

function ActionModal({
  sessionId,
  nomination,
  action,
  onClose,
}: {
  sessionId: string;
  nomination: Nomination;
  action: Action;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [risk, setRisk] = useState<RiskLevel>(nomination.screening?.riskLevel ?? 'low');
  const [decision, setDecision] = useState<ScreeningDecision>(nomination.screening?.decision ?? 'cleared');
  const [mitigation, setMitigation] = useState(nomination.screening?.mitigation ?? '');
  const [reasons, setReasons] = useState(nomination.screening?.reasons ?? '');
  const run = useMutation({
    mutationFn: () => {
      switch (action) {
        case 'screen':
          return http.put(`/nominations/${nomination.id}/screening`, { riskLevel: risk, decision, mitigation, reasons });
        case 'accept':
          return http.post(`/nominations/${nomination.id}/decision`, { decision: 'accepted', reason });
        case 'waitlist':
          return http.post(`/nominations/${nomination.id}/decision`, { decision: 'waitlisted', reason });
        case 'reject':
          return http.post(`/nominations/${nomination.id}/decision`, { decision: 'rejected', reason });
        case 'reopen':
          return http.post(`/nominations/${nomination.id}/reopen`, { reason });
        case 'withdraw':
          return http.post(`/nominations/${nomination.id}/withdraw`, { reason });
      }
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('nominations.done') });
      await queryClient.invalidateQueries({ queryKey: nominationsKey(sessionId) });
      onClose();
    },
  });
  const reasonRequired = action === 'reject' || action === 'reopen' || action === 'withdraw';
  const ready =
    action === 'screen'
      ? reasons.trim() !== '' && (decision !== 'cleared_with_mitigation' || mitigation.trim() !== '')
      : !reasonRequired || reason.trim() !== '';
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(`nominations.act.${action}`)}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Stack>
          <Text fw={600}>{fullName(nomination.official)}</Text>
          {action === 'screen' ? (
            <>
              <Text size="sm" c="dimmed">
                {t('nominations.screening.help')}
              </Text>
              <Radio.Group
                label={t('nominations.screening.riskLevel')}
                value={risk}
                onChange={(v) => setRisk(v as RiskLevel)}
                required
              >
                <Group mt="xs">
                  {riskLevels.map((r) => (
                    <Radio key={r} value={r} label={t(`nominations.screening.risk.${r}`)} data-testid={`risk-${r}`} />
                  ))}
                </Group>
              </Radio.Group>
              <Textarea
                label={t('nominations.screening.mitigation')}
                value={mitigation}
                onChange={(e) => setMitigation(e.currentTarget.value)}
                autosize
                minRows={2}
                required={decision === 'cleared_with_mitigation'}
              />
              <Radio.Group
                label={t('nominations.screening.decision')}
                value={decision}
                onChange={(v) => setDecision(v as ScreeningDecision)}
                required
              >
                <Stack mt="xs" gap="xs">
                  {screeningDecisions.map((d) => (
                    <Radio key={d} value={d} label={t(`nominations.screening.decisions.${d}`)} data-testid={`screening-${d}`} />
                  ))}
                </Stack>
              </Radio.Group>
              <Textarea
                label={t('nominations.screening.reasons')}
                value={reasons}
                onChange={(e) => setReasons(e.currentTarget.value)}
                autosize
                minRows={2}
                required
                data-testid="screening-reasons"
              />
            </>
          ) : (
            <Textarea
              label={reasonRequired ? t('nominations.reasonRequired') : t('nominations.reasonOptional')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              required={reasonRequired}
              data-testid="action-reason"
            />
          )}
          {run.isError && (
            <Alert color="red" role="alert">
              {describeDeliveryError(t, run.error)}
            </Alert>
          )}
          <FormActions onCancel={onClose}>
            <Button
              type="submit"
              loading={run.isPending}
              disabled={!ready}
              color={action === 'reject' || action === 'withdraw' ? 'red' : undefined}
              data-testid="action-confirm"
            >
              {t(`nominations.act.${action}`)}
            </Button>
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}
