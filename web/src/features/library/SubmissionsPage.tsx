import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmissionStatus } from '../../../../contract/enums';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { currentLanguage, languageNames } from '../../i18n';
import { regionName, useFormat } from '../../i18n/format';
import { type Submission, submissionsQuery } from './library';
import { ReviewModal } from './ReviewModal';
import { SubmissionFormModal } from './SubmissionFormModal';

const statusColours: Record<SubmissionStatus, string> = {
  submitted: 'blue',
  returned: 'orange',
  resubmitted: 'blue',
  published: 'green',
  declined: 'gray',
};

/** Good practices from the states: the submitter's own with their status; every one for the office, which reviews them. */
export function SubmissionsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const list = useQuery(submissionsQuery);
  const [editing, setEditing] = useState<Submission | 'new' | null>(null);
  const [reviewing, setReviewing] = useState<Submission | null>(null);
  return (
    <>
      <PageHeader
        title={can('library.review') ? t('library.submissions.title') : t('library.submissions.mine')}
        description={t('library.submissions.description')}
        actions={
          can('library.submit') && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setEditing('new')}
              data-testid="submission-create"
            >
              {t('library.submissions.createTitle')}
            </Button>
          )
        }
      />
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && (
        <Stack gap="sm">
          {list.data.items.map((s) => (
            <SubmissionCard key={s.id} submission={s} onEdit={() => setEditing(s)} onReview={() => setReviewing(s)} />
          ))}
          {list.data.items.length === 0 && (
            <Paper withBorder p="lg">
              <Text c="dimmed">{t('library.submissions.none')}</Text>
            </Paper>
          )}
        </Stack>
      )}
      <SubmissionFormModal
        submission={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <ReviewModal submission={reviewing} onClose={() => setReviewing(null)} />
    </>
  );
}

type CardProps = { submission: Submission; onEdit(): void; onReview(): void };

function SubmissionCard({ submission: s, onEdit, onReview }: CardProps) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  return (
    <Paper withBorder p="md" data-testid="submission">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h5" lang={s.language} dir={s.language === 'ar' ? 'rtl' : 'ltr'}>
            {s.title}
          </Title>
          <Badge color={statusColours[s.status]} data-testid="submission-status">
            {t(`library.submissions.statuses.${s.status}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {[regionName(s.stateIso2, currentLanguage()), languageNames[s.language], formatDateTime(s.updatedAt)].join(' · ')}
        </Text>
        {s.reviewNote && (
          <Text size="sm" data-testid="submission-note">
            <Text span fw={600}>
              {t('library.submissions.note')}:{' '}
            </Text>
            {s.reviewNote}
          </Text>
        )}
        <Group gap="xs">
          {s.itemId && (
            <Anchor component={Link} to={`/library/items/${s.itemId}`} size="sm">
              {t('library.submissions.openItem')}
            </Anchor>
          )}
          {s.can.resubmit && (
            <Button size="compact-sm" variant="light" onClick={onEdit} data-testid="submission-resubmit">
              {t('library.submissions.resubmit')}
            </Button>
          )}
          {s.can.review && (
            <Button size="compact-sm" variant="light" onClick={onReview} data-testid="submission-review">
              {t('library.submissions.review')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
