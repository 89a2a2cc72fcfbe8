import { Alert, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type LibraryAudience, libraryAudiences } from '../../../../contract/enums';
import { reviewSchema } from '../../../../server/modules/library/schemas';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import type { Submission } from './library';
import { SubjectFields } from './SubjectFields';

const decisions = ['publish', 'return', 'decline'] as const;
type Decision = (typeof decisions)[number];

/** The office's decision on a submitted good practice: publish it to an audience, return it with comments, or decline it. */
export function ReviewModal({ submission, onClose }: { submission: Submission | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={submission !== null}
      onClose={onClose}
      size="lg"
      title={t('library.submissions.review')}
      formKey={submission?.id ?? 'none'}
    >
      {submission && <ReviewForm submission={submission} onClose={onClose} />}
    </FormModal>
  );
}

function ReviewForm({ submission, onClose }: { submission: Submission; onClose(): void }) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      decision: null as Decision | null,
      note: '',
      audience: null as LibraryAudience | null,
      pillars: [] as string[],
      resolutions: [] as string[],
      thematicAreas: [] as string[],
      // The submitter's state is proposed when they allowed it to be named.
      states: submission.nameState ? [submission.stateIso2] : [],
    },
    schema: reviewSchema,
    toBody: (v) =>
      v.decision === 'publish'
        ? {
            decision: v.decision,
            audience: v.audience,
            pillars: v.pillars,
            resolutions: v.resolutions.map(Number),
            thematicAreas: v.thematicAreas,
            states: v.states,
          }
        : { decision: v.decision, note: v.note },
    save: (body) => http.post(`/library/submissions/${submission.id}/review`, body),
    invalidate: [['library']],
    savedNotice: t('library.submissions.reviewed'),
    close: onClose,
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="review-save">
      <Stack gap="sm">
        <Text fw={600}>{submission.title}</Text>
        {(['context', 'challenge', 'approach', 'results', 'lessons'] as const).map((section) => (
          <div key={section} lang={submission.language} dir={submission.language === 'ar' ? 'rtl' : 'ltr'}>
            <Text size="xs" c="dimmed">
              {t(`library.practice.${section}`)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {submission[section]}
            </Text>
          </div>
        ))}
        <Select
          label={t('library.submissions.decision')}
          data={decisions.map((d) => ({ value: d, label: t(`library.submissions.decisions.${d}`) }))}
          value={form.values.decision}
          onChange={(v) => form.set('decision', v as Decision | null)}
          required
          error={form.error('decision')}
          data-testid="review-decision"
        />
        {form.values.decision === 'publish' ? (
          <>
            <Select
              label={t('library.submissions.publishTo')}
              description={t('library.form.audienceHint')}
              data={libraryAudiences.map((a) => ({ value: a, label: t(`library.audiences.${a}`) }))}
              value={form.values.audience}
              onChange={(v) => form.set('audience', v as LibraryAudience | null)}
              required
              error={form.error('audience')}
              data-testid="review-audience"
            />
            {!submission.nameState && (
              <Alert color="yellow" icon={<IconEyeOff size={18} aria-hidden />} data-testid="review-anonymous">
                {t('library.submissions.anonymousState')}
              </Alert>
            )}
            <SubjectFields
              values={form.values}
              set={(field, value) => form.set(field, value)}
              error={form.error}
              statesHint={t('library.form.statesHint')}
            />
          </>
        ) : (
          form.values.decision && (
            <Textarea
              label={form.values.decision === 'return' ? t('library.submissions.comments') : t('library.submissions.reason')}
              value={form.values.note}
              onChange={(e) => form.set('note', e.currentTarget.value)}
              required
              autosize
              minRows={3}
              error={form.error('note')}
            />
          )
        )}
      </Stack>
    </ModalForm>
  );
}
