import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type ThematicArea, thematicAreas } from '../../../../contract/enums';
import { createProgrammeSchema, updateProgrammeSchema } from '../../../../server/modules/curriculum/inputs';
import { curriculumKey, type LocalisedText, type Programme } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';

type Props = { programme: Programme | null; opened: boolean; onClose(): void };

export function ProgrammeFormModal({ programme, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={programme ? t('curriculum.programme.editTitle', { code: programme.code }) : t('curriculum.programme.createTitle')}
      formKey={programme?.id ?? 'new'}
    >
      <ProgrammeForm programme={programme} onClose={onClose} />
    </FormModal>
  );
}

function ProgrammeForm({ programme, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      code: programme?.code ?? '',
      title: (programme?.title.values ?? {}) as LocalisedText,
      description: (programme?.description.values ?? {}) as LocalisedText,
      thematicArea: (programme?.thematicArea ?? null) as ThematicArea | null,
    },
    schema: programme ? updateProgrammeSchema : createProgrammeSchema,
    messages: { title: t('curriculum.form.oneLanguage') },
    save: (body) => (programme ? http.patch(`/programmes/${programme.id}`, body) : http.post('/programmes', body)),
    invalidate: [curriculumKey],
    savedNotice: t('curriculum.saved'),
    close: onClose,
    editing: programme !== null,
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="programme-save">
      <TextInput
        label={t('curriculum.fields.code')}
        {...form.textField('code')}
        required
        dir="ltr"
        data-testid="programme-code"
      />
      <LocalisedInput
        label={t('curriculum.fields.title')}
        value={form.values.title}
        onChange={(v) => form.set('title', v)}
        required
        error={form.error('title')}
        testId="programme-title"
      />
      <LocalisedInput
        label={t('curriculum.fields.description')}
        value={form.values.description}
        onChange={(v) => form.set('description', v)}
        multiline
      />
      <Select
        label={t('curriculum.fields.thematicArea')}
        data={thematicAreas.map((a) => ({ value: a, label: t(`curriculum.thematicAreas.${a}`) }))}
        value={form.values.thematicArea}
        onChange={(v) => form.set('thematicArea', v as ThematicArea | null)}
        searchable
        required
        error={form.error('thematicArea')}
        data-testid="programme-thematic"
      />
    </ModalForm>
  );
}
