import { Group, Radio, Select, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Locale, locales } from '../../../../contract/enums';
import { submissionInputSchema } from '../../../../server/modules/library/schemas';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { currentLanguage, languageNames } from '../../i18n';
import type { Submission } from './library';

type Props = { submission: Submission | null; opened: boolean; onClose(saved?: Submission): void };

const sections = ['context', 'challenge', 'approach', 'results', 'lessons'] as const;

/** A state's good practice, in the submitter's language: submitted, or a returned one changed and resubmitted. */
export function SubmissionFormModal({ submission, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={() => onClose()}
      size="xl"
      title={submission ? t('library.submissions.resubmitTitle') : t('library.submissions.createTitle')}
      formKey={submission?.id ?? 'new'}
    >
      <SubmissionForm submission={submission} onClose={onClose} />
    </FormModal>
  );
}

function SubmissionForm({ submission, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      language: submission?.language ?? currentLanguage(),
      title: submission?.title ?? '',
      context: submission?.context ?? '',
      challenge: submission?.challenge ?? '',
      approach: submission?.approach ?? '',
      results: submission?.results ?? '',
      lessons: submission?.lessons ?? '',
      contact: submission?.contact ?? '',
      nameState: submission ? (submission.nameState ? 'yes' : 'no') : null,
    },
    schema: submissionInputSchema,
    toBody: (v) => ({
      ...v,
      contact: v.contact.trim() || null,
      nameState: v.nameState === null ? null : v.nameState === 'yes',
    }),
    save: (body) =>
      submission ? http.put(`/library/submissions/${submission.id}`, body) : http.post('/library/submissions', body),
    invalidate: [['library', 'submissions']],
    savedNotice: t('library.submissions.saved'),
    close: onClose,
  });
  return (
    <ModalForm
      form={form}
      onCancel={() => onClose()}
      saveTestId="submission-save"
      saveLabel={submission ? t('library.submissions.resubmit') : t('library.submissions.submit')}
    >
      <Group grow align="flex-start">
        <Select
          label={t('library.fields.language')}
          data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
          value={form.values.language}
          onChange={(v) => v && form.set('language', v as Locale)}
          allowDeselect={false}
          error={form.error('language')}
        />
        <TextInput label={t('library.fields.title')} {...form.textField('title')} required data-testid="submission-title" />
      </Group>
      {sections.map((section) => (
        <Textarea
          key={section}
          label={t(`library.practice.${section}`)}
          description={t(`library.submissions.hints.${section}`)}
          value={form.values[section]}
          onChange={(e) => form.set(section, e.currentTarget.value)}
          required
          autosize
          minRows={3}
          error={form.error(section)}
          data-testid={`submission-${section}`}
        />
      ))}
      <TextInput label={t('library.practice.contact')} {...form.textField('contact')} />
      <Radio.Group
        label={t('library.submissions.nameState')}
        value={form.values.nameState}
        onChange={(v) => form.set('nameState', v as 'yes' | 'no')}
        required
        error={form.error('nameState')}
      >
        <Group mt={4}>
          <Radio value="yes" label={t('library.submissions.nameStateYes')} data-testid="submission-name-state-yes" />
          <Radio value="no" label={t('library.submissions.nameStateNo')} data-testid="submission-name-state-no" />
        </Group>
      </Radio.Group>
    </ModalForm>
  );
}
