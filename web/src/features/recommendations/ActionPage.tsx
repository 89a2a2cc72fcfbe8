import {
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconFileText, IconLink, IconPaperclip } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionStatus } from '../../../../contract/enums';
import { type EvidenceKind, evidenceKinds } from '../../../../contract/enums';
import { http } from '../../api/http';
import { DetailCard } from '../../components/DetailCard';
import { DetailRow } from '../../components/DetailRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { useCan } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { ActionStatusBadges, OwnerKindBadge, OwnerText } from './ActionBadges';
import { ActionFormModal } from './ActionFormModal';
import {
  type ActionDetail,
  actionQuery,
  type Evidence,
  evidenceFileUrl,
  type HistoryEntry,
  recommendationsKey,
} from './recommendations';

const route = getRouteApi('/app/recommendations/actions/$id');

/** One action: what it is, who owns it, its update form, its evidence and its history (of every edition it went through). */
export function ActionPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const can = useCan();
  const action = useQuery(actionQuery(id));
  const back = !can('recommendations.read')
    ? { to: '/my-state-actions' as const, label: t('recommendations.myState.back') }
    : { to: '/recommendations/actions' as const, label: t('recommendations.actions.back') };
  return (
    <RecordPage back={back} query={action} notFound={{ body: t('recommendations.actionNotFound') }}>
      {(data) => <ActionView action={data} />}
    </RecordPage>
  );
}

function ActionView({ action }: { action: ActionDetail }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const edition = action.recommendation.edition;
  return (
    <>
      <PageHeader
        title={t('recommendations.actionTitle', { number: action.recommendation.number, edition: edition.number })}
        description={<ActionStatusBadges action={action} />}
        actions={
          action.can.edit && (
            <Button
              variant="default"
              leftSection={<IconEdit size={18} aria-hidden />}
              onClick={() => setEditing(true)}
              data-testid="action-edit"
            >
              {t('recommendations.edit')}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('recommendations.recommendationOf', {
                number: action.recommendation.number,
                edition: edition.number,
                city: edition.city,
                year: edition.year,
              })}
            </Title>
            <Text component="div" mb="sm">
              <LocalisedTextView field={action.recommendation.text} />
            </Text>
            {can('recommendations.read') && (
              <Anchor component={Link} to={`/recommendations/editions/${edition.id}`} size="sm">
                {t('recommendations.seeEdition', { edition: edition.number })}
              </Anchor>
            )}
          </Card>
          <DetailCard title={t('recommendations.fields.action')}>
            <DetailRow labelWidth="35%" label={t('recommendations.fields.actionDescription')}>
              <span data-testid="action-description-text">
                <LocalisedTextView field={action.description} />
              </span>
            </DetailRow>
            <DetailRow labelWidth="35%" label={t('recommendations.fields.owner')}>
              <Group gap={6}>
                <OwnerText owner={action.owner} />
                <OwnerKindBadge owner={action.owner} />
              </Group>
            </DetailRow>
            <DetailRow labelWidth="35%" label={t('recommendations.fields.dueDate')}>
              {formatDay(action.dueDate)}
            </DetailRow>
            <DetailRow labelWidth="35%" label={t('recommendations.fields.status')}>
              {t(`recommendations.statuses.${action.status}`)}
            </DetailRow>
            {action.completedOn && (
              <DetailRow labelWidth="35%" label={t('recommendations.fields.completedOn')}>
                <span data-testid="action-completed-on">{formatDay(action.completedOn)}</span>
              </DetailRow>
            )}
            {action.dropReason && (
              <DetailRow labelWidth="35%" label={t('recommendations.fields.dropReason')}>
                <span dir="auto">{action.dropReason}</span>
              </DetailRow>
            )}
            {action.carriedFrom && (
              <DetailRow labelWidth="35%" label={t('recommendations.fields.carriedFrom')}>
                <Anchor component={Link} to={`/recommendations/actions/${action.carriedFrom.id}`}>
                  {t('recommendations.actionOfEdition', {
                    number: action.carriedFrom.recommendationNumber,
                    edition: action.carriedFrom.edition.number,
                  })}
                </Anchor>
              </DetailRow>
            )}
            {action.carriedTo && (
              <DetailRow labelWidth="35%" label={t('recommendations.fields.carriedTo')}>
                <Anchor component={Link} to={`/recommendations/actions/${action.carriedTo.id}`}>
                  {t('recommendations.actionOfEdition', {
                    number: action.carriedTo.recommendationNumber,
                    edition: action.carriedTo.edition.number,
                  })}
                </Anchor>
              </DetailRow>
            )}
          </DetailCard>
        </SimpleGrid>
        {action.allowedTransitions.length > 0 && <StatusForm action={action} />}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <EvidenceCard action={action} />
          <HistoryCard history={action.history} />
        </SimpleGrid>
      </Stack>
      <ActionFormModal
        recommendationId={action.recommendation.id}
        defaultDueDate={action.dueDate}
        action={action}
        opened={editing}
        onClose={() => setEditing(false)}
      />
    </>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function StatusForm({ action }: { action: ActionDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ActionStatus | null>(null);
  const [reason, setReason] = useState('');
  const [completedOn, setCompletedOn] = useState(today());
  const [submitted, setSubmitted] = useState(false);
  const reasonMissing = status === 'dropped' && reason.trim() === '';
  const save = useMutation({
    mutationFn: () =>
      http.post(`/recommendation-actions/${action.id}/status`, {
        status,
        ...(reason.trim() ? { reason } : {}),
        ...(status === 'done' && completedOn ? { completedOn } : {}),
      }),
    onSuccess: (saved) => {
      // Emptied with the saved action, as the evidence form is (below).
      queryClient.setQueryData(actionQuery(action.id).queryKey, saved);
      setStatus(null);
      setReason('');
      setSubmitted(false);
      notifications.show({
        color: 'green',
        message: t('recommendations.update.saved', { status: t(`recommendations.statuses.${saved.status}`) }),
      });
      void queryClient.invalidateQueries({ queryKey: recommendationsKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (status && !reasonMissing) save.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t('recommendations.update.title')}
          </Title>
          {save.isError && <ErrorAlert error={save.error} />}
          <Select
            label={t('recommendations.update.newStatus')}
            data={action.allowedTransitions.map((s) => ({ value: s, label: t(`recommendations.statuses.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(v as ActionStatus | null)}
            required
            error={submitted && !status ? t('common.required') : null}
            w={{ base: '100%', sm: 280 }}
            data-testid="action-new-status"
          />
          {status === 'done' && (
            <TextInput
              type="date"
              label={t('recommendations.fields.completedOn')}
              value={completedOn}
              max={today()}
              onChange={(e) => setCompletedOn(e.currentTarget.value)}
              w={220}
              data-testid="action-completed-on-input"
            />
          )}
          <Textarea
            label={status === 'dropped' ? t('recommendations.update.dropReason') : t('recommendations.update.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required={status === 'dropped'}
            error={submitted && reasonMissing ? t('recommendations.update.dropReasonRequired') : null}
            autosize
            minRows={2}
            data-testid="action-reason"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="action-status-submit">
              {t('recommendations.update.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function EvidenceCard({ action }: { action: ActionDetail }) {
  const { t } = useTranslation();
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          {t('recommendations.evidence.title')}
        </Title>
        {action.evidence.length === 0 ? (
          <Text c="dimmed">{t('recommendations.evidence.none')}</Text>
        ) : (
          <Stack gap="sm" data-testid="evidence-list">
            {action.evidence.map((e) => (
              <EvidenceItem key={e.id} evidence={e} otherEdition={e.actionId !== action.id} />
            ))}
          </Stack>
        )}
        {action.can.addEvidence && <EvidenceForm action={action} />}
      </Stack>
    </Card>
  );
}

function EvidenceItem({ evidence, otherEdition }: { evidence: Evidence; otherEdition: boolean }) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  const Icon = evidence.kind === 'link' ? IconLink : evidence.kind === 'file' ? IconPaperclip : IconFileText;
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" data-testid="evidence-item">
      <Icon size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
      <Stack gap={2} style={{ minWidth: 0 }}>
        {evidence.url && (
          <Anchor href={evidence.url} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: 'anywhere' }}>
            <Ltr>{evidence.url}</Ltr>
          </Anchor>
        )}
        {evidence.file && (
          <Anchor href={evidenceFileUrl(evidence.id)} download={evidence.file.name}>
            <Ltr>{evidence.file.name}</Ltr>
          </Anchor>
        )}
        {evidence.text && (
          <Text dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {evidence.text}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('recommendations.evidence.addedBy', { name: evidence.addedBy ?? '—', when: formatDateTime(evidence.addedAt) })}
          {otherEdition && ` · ${t('recommendations.evidence.edition', { number: evidence.edition.number })}`}
        </Text>
      </Stack>
    </Group>
  );
}

function EvidenceForm({ action }: { action: ActionDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<EvidenceKind>('text');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const missing =
    (kind === 'text' && text.trim() === '') || (kind === 'link' && url.trim() === '') || (kind === 'file' && file === null);
  const save = useMutation({
    mutationFn: () => {
      if (kind === 'file') {
        const form = new FormData();
        if (text.trim()) form.append('note', text);
        if (file) form.append('file', file);
        return http.post(`/recommendation-actions/${action.id}/evidence/file`, form);
      }
      return http.post(`/recommendation-actions/${action.id}/evidence`, {
        kind,
        ...(text.trim() ? { text } : {}),
        ...(kind === 'link' ? { url } : {}),
      });
    },
    onSuccess: (saved) => {
      // The form is emptied with the saved list, not after the lists behind it are fetched again:
      // on a slow link the next piece of evidence may already be typed by then, and would be lost.
      queryClient.setQueryData(actionQuery(action.id).queryKey, saved);
      setText('');
      setUrl('');
      setFile(null);
      setSubmitted(false);
      notifications.show({ color: 'green', message: t('recommendations.evidence.added') });
      void queryClient.invalidateQueries({ queryKey: recommendationsKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!missing) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text fw={600}>{t('recommendations.evidence.add')}</Text>
        {save.isError && <ErrorAlert error={save.error} />}
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as EvidenceKind)}
          data={evidenceKinds.map((k) => ({ value: k, label: t(`recommendations.evidence.kinds.${k}`) }))}
          aria-label={t('recommendations.evidence.kind')}
          data-testid="evidence-kind"
        />
        {kind === 'link' && (
          <TextInput
            type="url"
            label={t('recommendations.evidence.url')}
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            required
            dir="ltr"
            error={submitted && kind === 'link' && url.trim() === '' ? t('common.required') : null}
            data-testid="evidence-url"
          />
        )}
        {kind === 'file' && (
          <FileInput
            label={t('recommendations.evidence.file')}
            value={file}
            onChange={setFile}
            required
            clearable
            error={submitted && file === null ? t('common.required') : null}
            data-testid="evidence-file"
          />
        )}
        <Textarea
          label={kind === 'text' ? t('recommendations.evidence.statement') : t('recommendations.evidence.note')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          required={kind === 'text'}
          error={submitted && kind === 'text' && text.trim() === '' ? t('recommendations.evidence.empty') : null}
          autosize
          minRows={2}
          data-testid="evidence-text"
        />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={save.isPending} data-testid="evidence-submit">
            {t('recommendations.evidence.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function HistoryCard({ history }: { history: HistoryEntry[] }) {
  const { t } = useTranslation();
  const { formatDateTime, formatDay } = useFormat();
  const describe = (h: HistoryEntry): string => {
    switch (h.kind) {
      case 'created':
        return t('recommendations.history.created');
      case 'status':
        return t('recommendations.history.status', {
          from: h.fromStatus ? t(`recommendations.statuses.${h.fromStatus}`) : '—',
          to: t(`recommendations.statuses.${h.toStatus}`),
        });
      case 'edited':
        return t('recommendations.history.edited', {
          fields: h.changes.map((c) => t(`recommendations.history.fields.${c.field}`, { defaultValue: c.field })).join(', '),
        });
      case 'carried_to':
        return t('recommendations.history.carriedTo', { edition: h.linked?.edition.number ?? '—' });
      case 'carried_from':
        return t('recommendations.history.carriedFrom', { edition: h.linked?.edition.number ?? '—' });
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t('recommendations.history.title')}
      </Title>
      <Timeline active={history.length - 1} bulletSize={14} lineWidth={2} data-testid="action-history">
        {history.map((h) => (
          <Timeline.Item key={h.id} title={describe(h)} data-testid="history-entry">
            {h.reason && (
              <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {h.reason}
              </Text>
            )}
            {h.completedOn && (
              <Text size="sm">{t('recommendations.history.completedOn', { date: formatDay(h.completedOn) })}</Text>
            )}
            <Text size="xs" c="dimmed">
              {t('recommendations.history.byAt', { name: h.by ?? '—', when: formatDateTime(h.at), edition: h.edition.number })}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
