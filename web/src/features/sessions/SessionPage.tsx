import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../../contract/enums';
import { pick } from '../../api/curriculum';
import { type ApiBody, http } from '../../api/http';
import { DetailCard } from '../../components/DetailCard';
import { DetailRow } from '../../components/DetailRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { sectionsFor } from '../../components/sessionSections';
import { sessionStatusColours } from '../../components/statusColours';
import { useCan, useMe } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage, languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { SessionFormModal } from './SessionFormModal';
import { type SessionDetail, sessionQuery, sessionsKey } from './sessions';

const route = getRouteApi('/app/sessions/$id');

/**
 * A session: overview, quotas with seats left, trainers, days and the status buttons; then the
 * sections other features register in ./sections.ts (nominations, attendance…), one tab each.
 */
export function SessionPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const session = useQuery(sessionQuery(id));
  return (
    <RecordPage back={{ to: '/sessions', label: t('sessions.back') }} query={session} notFound={{ body: t('sessions.notFound') }}>
      {(data) => <SessionView session={data} />}
    </RecordPage>
  );
}

function SessionView({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const lang = currentLanguage();
  const [editing, setEditing] = useState(false);
  const sections = sectionsFor(session, me, can);
  const editable = session.can.edit;

  return (
    <>
      <PageHeader
        title={`${session.code} · ${pick(session.course.title, lang).text}`}
        description={
          <Group gap="xs" component="span">
            <Badge color={sessionStatusColours[session.status]} variant="filled" component="span" data-testid="session-status">
              {t(`sessions.statuses.${session.status}`)}
            </Badge>
            <Badge variant="light" component="span">
              {t(`curriculum.levels.${session.course.level}`)}
            </Badge>
          </Group>
        }
        actions={
          <Group gap="xs">
            {editable && (
              <Button
                variant="default"
                leftSection={<IconEdit size={18} aria-hidden />}
                onClick={() => setEditing(true)}
                data-testid="session-edit"
              >
                {t('sessions.edit')}
              </Button>
            )}
            <StatusButtons session={session} />
          </Group>
        }
      />
      {sections.length === 0 ? (
        <Overview session={session} />
      ) : (
        <Tabs defaultValue="overview" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="overview" data-testid="session-tab-overview">
              {t('sessions.overview')}
            </Tabs.Tab>
            {sections.map((s) => (
              <Tabs.Tab key={s.key} value={s.key} data-testid={`session-tab-${s.key}`}>
                {s.label(t)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="overview">
            <Overview session={session} />
          </Tabs.Panel>
          {sections.map((s) => (
            <Tabs.Panel key={s.key} value={s.key}>
              <s.component session={session} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
      <SessionFormModal session={session} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

/** A status a session can be moved to (the status route's body). */
type Target = ApiBody<'/api/sessions/{id}/status'>['status'];

const transitionColours: Record<SessionStatus, string> = {
  planned: 'gray',
  open: 'blue',
  closed: 'orange',
  completed: 'green',
  cancelled: 'red',
};

function StatusButtons({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<Target | null>(null);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (status: Target) => http.post(`/sessions/${session.id}/status`, { status, reason }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(sessionQuery(session.id).queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: sessionsKey });
      notifications.show({
        color: 'green',
        message: t('sessions.statusChanged', { status: t(`sessions.statuses.${saved.status}`) }),
      });
      setConfirm(null);
      setReason('');
    },
  });
  // A session never goes back to planned: what the status route takes.
  const targets = session.allowedTransitions.filter((status) => status !== 'planned');
  if (targets.length === 0) return null;
  return (
    <>
      {targets.map((status) => (
        <Button
          key={status}
          color={transitionColours[status]}
          variant={status === 'cancelled' ? 'outline' : 'filled'}
          onClick={() => {
            change.reset();
            setConfirm(status);
          }}
          data-testid={`session-to-${status}`}
        >
          {t(`sessions.transitions.${status}`)}
        </Button>
      ))}
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm ? t(`sessions.transitions.${confirm}`) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {confirm && (
          <Stack>
            <Text>{t(`sessions.confirm.${confirm}`)}</Text>
            {change.isError && <ErrorAlert error={change.error} />}
            <Textarea
              label={t('sessions.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <FormActions onCancel={() => setConfirm(null)}>
              <Button
                color={transitionColours[confirm]}
                loading={change.isPending}
                onClick={() => change.mutate(confirm)}
                data-testid="session-confirm"
              >
                {t(`sessions.transitions.${confirm}`)}
              </Button>
            </FormActions>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function Overview({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const me = useMe();
  const can = useCan();
  const _lang = currentLanguage();
  const memberStates = useMemberStates();
  const stateName = (iso2: string | null) => (iso2 ? memberStates.nameOf(iso2) : '');
  const seatsTotal = session.quotas.reduce((n, q) => n + q.seats, 0);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DetailCard title={t('sessions.overview')}>
          <DetailRow label={t('sessions.fields.course')}>
            <Anchor component={Link} to={`/curriculum/courses/${session.course.id}`}>
              <Ltr>{session.course.code}</Ltr> · <LocalisedTextView field={session.course.title} />
            </Anchor>
          </DetailRow>
          <DetailRow label={t('sessions.fields.dates')}>
            {formatDay(session.startDate)} – {formatDay(session.endDate)}
          </DetailRow>
          <DetailRow label={t('sessions.fields.nominationDeadline')}>{formatDay(session.nominationDeadline)}</DetailRow>
          <DetailRow label={t('sessions.fields.modality')}>{t(`sessions.modalities.${session.modality}`)}</DetailRow>
          <DetailRow label={t('sessions.fields.venue')}>
            {session.venueCity
              ? `${session.venueCity}${session.venueCountry ? `, ${stateName(session.venueCountry)}` : ''}`
              : '—'}
          </DetailRow>
          <DetailRow label={t('sessions.fields.languages')}>
            {session.languages.map((l) => languageNames[l]).join(', ')}
          </DetailRow>
          <DetailRow label={t('sessions.fields.capacity')}>{formatNumber(session.capacity)}</DetailRow>
          <DetailRow label={t('sessions.fields.womenTarget')}>
            {session.womenTarget === null ? '—' : `${formatNumber(Math.round(session.womenTarget * 100))} %`}
          </DetailRow>
        </DetailCard>
        <Stack>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('sessions.fields.trainers')}
            </Title>
            {session.trainers.length === 0 ? (
              <Text c="dimmed">{t('sessions.noTrainers')}</Text>
            ) : (
              <Stack gap={4} data-testid="session-trainers-list">
                {session.trainers.map((x) => (
                  <Text key={x.id}>{x.displayName}</Text>
                ))}
              </Stack>
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('sessions.days.title')} ({formatNumber(session.days.length)})
            </Title>
            <Group gap={6}>
              {session.days.map((d) => (
                <Badge key={d} variant="light" color="gray">
                  {formatDay(d)}
                </Badge>
              ))}
            </Group>
          </Card>
        </Stack>
      </SimpleGrid>
      {!can('participation.self') && (
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              {me.stateIso2 ? t('sessions.quotas.yourState') : t('sessions.quotas.title')}
            </Title>
            {!me.stateIso2 && session.quotas.length > 0 && (
              <Text size="sm" c="dimmed">
                {t('sessions.quotas.total', { seats: formatNumber(seatsTotal), capacity: formatNumber(session.capacity) })}
              </Text>
            )}
          </Group>
          {session.quotas.length === 0 ? (
            <Text c="dimmed">{t('sessions.quotas.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={500}>
              <Table data-testid="session-quotas">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sessions.quotas.state')}</Table.Th>
                    <Table.Th>{t('sessions.quotas.seats')}</Table.Th>
                    <Table.Th>{t('sessions.quotas.nominated')}</Table.Th>
                    <Table.Th>{t('sessions.quotas.seatsLeft')}</Table.Th>
                    <Table.Th w="25%" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {session.quotas.map((q) => (
                    <Table.Tr key={q.stateIso2} data-testid={`quota-${q.stateIso2}`}>
                      <Table.Td>{stateName(q.stateIso2)}</Table.Td>
                      <Table.Td>{formatNumber(q.seats)}</Table.Td>
                      <Table.Td>{formatNumber(q.nominated)}</Table.Td>
                      <Table.Td>
                        <Badge color={q.seatsLeft === 0 ? 'red' : 'teal'} variant="light">
                          {formatNumber(q.seatsLeft)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Progress
                          value={Math.min(100, (q.nominated / q.seats) * 100)}
                          aria-label={t('sessions.quotas.used', {
                            nominated: formatNumber(q.nominated),
                            seats: formatNumber(q.seats),
                          })}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
    </Stack>
  );
}
