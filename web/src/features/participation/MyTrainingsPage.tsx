import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EvaluationQuestion, evaluationQuestions } from '../../../../contract/enums';
import { http } from '../../api/http';
import { describeDeliveryError, localised } from '../../components/deliveryText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NominationStatusBadge } from '../../components/NominationStatusBadge';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/session';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { stamp } from '../../offline/queue';
import { sendOrKeep, useOfflineChanges } from '../../offline/sync';
import { type MyTraining, myTrainingsKey, myTrainingsQuery } from './participation';

/** A participant's own trainings, results and the forms waiting for them. */
export function MyTrainingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const trainings = useQuery(myTrainingsQuery);
  const items = trainings.data?.items ?? [];
  // Evaluations filled in without network wait on this device: the server still counts them as pending.
  const keptEvaluations = new Set(
    useOfflineChanges(me.id).flatMap((c) => (c.kind === 'evaluation' && c.state === 'waiting' ? [c.nominationId] : [])),
  );
  const isKept = (item: MyTraining) => item.evaluation === 'pending' && keptEvaluations.has(item.nominationId);
  const toFillIn = items.filter((i) => (i.evaluation === 'pending' && !isKept(i)) || i.followUp.status === 'pending').length;
  const kept = items.filter(isKept).length;
  return (
    <>
      <PageHeader title={t('participation.title')} description={t('participation.description')} />
      {trainings.isError && <ErrorAlert error={trainings.error} />}
      {trainings.data && items.length === 0 && <Alert color="gray">{t('participation.none')}</Alert>}
      {toFillIn > 0 && (
        <Alert color="blue" mb="md" data-testid="pending-forms">
          {t('participation.pending', { n: toFillIn })}
        </Alert>
      )}
      {kept > 0 && (
        <Alert color="orange" mb="md" data-testid="kept-forms">
          {t('participation.keptOnDevice', { n: kept })}
        </Alert>
      )}
      <Stack gap="lg">
        {[...items].reverse().map((item) => (
          <TrainingCard key={item.nominationId} item={item} evaluationKept={isKept(item)} />
        ))}
      </Stack>
    </>
  );
}

function TrainingCard({ item, evaluationKept }: { item: MyTraining; evaluationKept: boolean }) {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const lang = currentLanguage();
  const c = item.completion;
  return (
    <Card withBorder padding="lg" data-testid="training-card">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={2} size="h4">
            {localised(item.course.title, lang)}
          </Title>
          <Text size="sm" c="dimmed">
            {item.session.code} · {formatDay(item.session.startDate)} – {formatDay(item.session.endDate)}
            {item.session.venueCity ? ` · ${item.session.venueCity}` : ''}
          </Text>
        </div>
        <Group gap="xs">
          {item.status === 'accepted' && !['cancelled', 'completed'].includes(item.session.status) && (
            <Button
              component="a"
              href={`/api/participation/trainings/${item.nominationId}/calendar.ics`}
              download
              size="xs"
              variant="default"
              data-testid="calendar-download"
            >
              {t('participation.calendar')}
            </Button>
          )}
          <NominationStatusBadge status={item.status} />
        </Group>
      </Group>
      {item.status === 'accepted' && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
          <Fact
            label={t('participation.attendance')}
            value={`${c.daysPresent}/${c.sessionDays} (${formatNumber(Math.round(c.attendanceRate * 100))} %)`}
          />
          <Fact label={t('delivery.pre')} value={item.preScore === null ? '—' : formatNumber(item.preScore)} />
          <Fact label={t('delivery.post')} value={item.postScore === null ? '—' : formatNumber(item.postScore)} />
          <div>
            <Text size="xs" c="dimmed">
              {t('delivery.completion')}
            </Text>
            <Badge color={c.completed ? 'green' : 'gray'} data-testid="my-completion">
              {c.completed ? t('delivery.completed') : t('delivery.notCompleted')}
            </Badge>
          </div>
        </SimpleGrid>
      )}
      <Stack gap="md">
        {item.evaluation === 'pending' &&
          (evaluationKept ? (
            <Alert color="orange" data-testid="evaluation-waiting">
              {t('offline.evaluationWaiting')}
            </Alert>
          ) : (
            <EvaluationForm item={item} />
          ))}
        {item.evaluation === 'submitted' && (
          <Text size="sm" c="green" data-testid="evaluation-submitted">
            {t('participation.evaluation.submitted')}
          </Text>
        )}
        {item.followUp.status === 'pending' && <FollowUpForm item={item} />}
        {item.followUp.status === 'answered' && (
          <Text size="sm" c="dimmed">
            {t('participation.followUp.answered')}
          </Text>
        )}
        {item.cascade.eligible && <CascadeSection item={item} />}
      </Stack>
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}

function EvaluationForm({ item }: { item: MyTraining }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const [ratings, setRatings] = useState<Partial<Record<EvaluationQuestion, number | null>>>({});
  const [comment, setComment] = useState('');
  const run = useMutation({
    // Sent with a key: filled in without network, it is kept on this device and sent (once) when it returns.
    networkMode: 'always',
    mutationFn: () =>
      sendOrKeep(
        stamp({
          kind: 'evaluation',
          userId: me.id,
          nominationId: item.nominationId,
          // Sent once every question is rated (`complete` below).
          ratings: ratings as Record<EvaluationQuestion, number>,
          comment: comment.trim() === '' ? null : comment,
          label: `${t('offline.evaluation')} · ${item.session.code}`,
        }),
      ),
    onSuccess: async (result) => {
      if (result.queued) return;
      notifications.show({ color: 'green', message: t('participation.evaluation.thanks') });
      await queryClient.invalidateQueries({ queryKey: myTrainingsKey });
    },
  });
  const complete = evaluationQuestions.every((q) => typeof ratings[q] === 'number');
  return (
    <AnswerCard
      colour="blue"
      testId="evaluation-form"
      title={t('participation.evaluation.title')}
      run={run}
      ready={complete}
      submit={t('participation.evaluation.submit')}
      submitTestId="evaluation-submit"
    >
      <Text size="sm">{t('participation.evaluation.anonymous')}</Text>
      {evaluationQuestions.map((q) => (
        <div key={q}>
          <Text size="sm" fw={500} id={`q-${item.nominationId}-${q}`}>
            {t(`participation.evaluation.questions.${q}`)}
          </Text>
          <SegmentedControl
            aria-labelledby={`q-${item.nominationId}-${q}`}
            value={ratings[q] ? String(ratings[q]) : ''}
            onChange={(v) => setRatings((r) => ({ ...r, [q]: Number(v) }))}
            data={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`participation.evaluation.scale.${n}`) }))}
            fullWidth
            size="sm"
            // "1 Poor" … "5 Excellent" break onto two lines rather than run past a phone's edge.
            styles={{ label: { whiteSpace: 'normal' } }}
            data-testid={`rating-${q}`}
          />
        </div>
      ))}
      <Textarea
        label={t('participation.evaluation.comment')}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        autosize
        minRows={2}
      />
    </AnswerCard>
  );
}

function FollowUpForm({ item }: { item: MyTraining }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [applied, setApplied] = useState<string>('');
  const [how, setHow] = useState('');
  const run = useMutation({
    mutationFn: () =>
      http.post(`/participation/trainings/${item.nominationId}/follow-up`, { applied: applied === 'yes', howApplied: how }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('participation.followUp.thanks') });
      await queryClient.invalidateQueries({ queryKey: myTrainingsKey });
    },
  });
  const ready = applied === 'no' || (applied === 'yes' && how.trim() !== '');
  return (
    <AnswerCard
      colour="teal"
      testId="follow-up-form"
      title={t('participation.followUp.title')}
      run={run}
      ready={ready}
      submit={t('participation.followUp.submit')}
    >
      <Radio.Group label={t('participation.followUp.question')} value={applied} onChange={setApplied} required>
        <Group mt="xs">
          <Radio value="yes" label={t('participation.followUp.yes')} />
          <Radio value="no" label={t('participation.followUp.no')} />
        </Group>
      </Radio.Group>
      <Textarea
        label={t('participation.followUp.how')}
        value={how}
        onChange={(e) => setHow(e.currentTarget.value)}
        autosize
        minRows={2}
        required={applied === 'yes'}
      />
    </AnswerCard>
  );
}

function CascadeSection({ item }: { item: MyTraining }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const queryClient = useQueryClient();
  const [heldOn, setHeldOn] = useState('');
  const [location, setLocation] = useState('');
  const [count, setCount] = useState<number | string>('');
  const [women, setWomen] = useState<number | string>(0);
  const run = useMutation({
    mutationFn: () =>
      http.post(`/participation/trainings/${item.nominationId}/cascades`, {
        heldOn,
        location,
        colleaguesTrained: Number(count),
        womenTrained: Number(women),
      }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('participation.cascade.saved') });
      setHeldOn('');
      setLocation('');
      setCount('');
      setWomen(0);
      await queryClient.invalidateQueries({ queryKey: myTrainingsKey });
    },
  });
  return (
    <Card withBorder data-testid="cascade-section">
      <Title order={3} size="h5" mb="xs">
        {t('participation.cascade.title')}
      </Title>
      {item.cascade.records.map((r) => (
        <Text key={r.id} size="sm">
          {t('participation.cascade.line', {
            date: formatDay(r.heldOn),
            place: r.location ?? '',
            n: r.colleaguesTrained,
            women: r.womenTrained,
          })}
        </Text>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Group align="flex-end" mt="sm">
          <TextInput
            type="date"
            label={t('participation.cascade.date')}
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            required
          />
          <TextInput
            label={t('participation.cascade.place')}
            value={location}
            onChange={(e) => setLocation(e.currentTarget.value)}
            required
          />
          <NumberInput label={t('participation.cascade.count')} value={count} onChange={setCount} min={1} w={140} required />
          <NumberInput label={t('participation.cascade.women')} value={women} onChange={setWomen} min={0} w={140} />
          <Button type="submit" loading={run.isPending} disabled={!heldOn || !location || !count}>
            {t('participation.cascade.add')}
          </Button>
        </Group>
        {run.isError && (
          <Alert color="red" role="alert" mt="sm">
            {describeDeliveryError(t, run.error)}
          </Alert>
        )}
      </form>
    </Card>
  );
}

type AnswerCardProps = {
  colour: string;
  testId: string;
  title: string;
  /** The mutation that sends the answers: its error shows under them, its pending state on the button. */
  run: { mutate(): void; isError: boolean; error: unknown; isPending: boolean };
  ready: boolean;
  submit: string;
  submitTestId?: string;
  children: ReactNode;
};

/** A card the participant answers: its questions, why the answers were refused, and the button that sends them. */
function AnswerCard({ colour, testId, title, run, ready, submit, submitTestId, children }: AnswerCardProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder bg={`var(--mantine-color-${colour}-light)`} data-testid={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {title}
          </Title>
          {children}
          {run.isError && (
            <Alert color="red" role="alert">
              {describeDeliveryError(t, run.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" disabled={!ready} loading={run.isPending} data-testid={submitTestId}>
              {submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
