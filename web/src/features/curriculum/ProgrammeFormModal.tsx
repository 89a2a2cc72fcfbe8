import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { curriculumKey, type LocalisedText, type Programme, thematicAreas } from './curriculum';
import { LocalisedInput } from './LocalisedInput';

type Props = { programme: Programme | null; opened: boolean; onClose(): void };

const filled = (value: LocalisedText) => Object.values(value).some((v) => v && v.trim() !== '');

export function ProgrammeFormModal({ programme, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={programme ? t('curriculum.programme.editTitle', { code: programme.code }) : t('curriculum.programme.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <ProgrammeForm key={programme?.id ?? 'new'} programme={programme} onClose={onClose} />}
    </Modal>
  );
}

function ProgrammeForm({ programme, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(programme?.code ?? '');
  const [title, setTitle] = useState<LocalisedText>(programme?.title.values ?? {});
  const [description, setDescription] = useState<LocalisedText>(programme?.description.values ?? {});
  const [thematicArea, setThematicArea] = useState(programme?.thematicArea ?? '');
  const [submitted, setSubmitted] = useState(false);
  const errors = {
    code: code.trim().length < 2 ? t('common.required') : null,
    title: filled(title) ? null : t('curriculum.form.oneLanguage'),
    thematicArea: thematicArea.trim() === '' ? t('common.required') : null,
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { code, title, description, thematicArea };
      return programme ? api.patch<Programme>(`/programmes/${programme.id}`, body) : api.post<Programme>('/programmes', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: curriculumKey });
      notifications.show({ color: 'green', message: t('curriculum.saved') });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <TextInput
          label={t('curriculum.fields.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
          error={submitted && errors.code}
          dir="ltr"
          data-testid="programme-code"
        />
        <LocalisedInput
          label={t('curriculum.fields.title')}
          value={title}
          onChange={setTitle}
          required
          error={submitted ? errors.title : null}
          testId="programme-title"
        />
        <LocalisedInput label={t('curriculum.fields.description')} value={description} onChange={setDescription} multiline />
        <Select
          label={t('curriculum.fields.thematicArea')}
          data={thematicAreas.map((a) => ({ value: a, label: t(`curriculum.thematicAreas.${a}`) }))}
          value={thematicArea || null}
          onChange={(v) => setThematicArea(v ?? '')}
          searchable
          required
          error={submitted && errors.thematicArea}
          data-testid="programme-thematic"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="programme-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
