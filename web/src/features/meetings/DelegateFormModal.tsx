import { Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useDelegationLabel, useEditionChange } from './delegationHooks';
import { type Delegate, type Delegation, type Edition, fullName } from './meetings';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function DelegateFormModal({
  edition,
  delegation,
  delegate,
  opened,
  onClose,
}: {
  edition: Edition;
  delegation: Delegation;
  delegate: Delegate | null;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const label = useDelegationLabel();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        delegate
          ? t('meetings.delegates.editTitle', { name: fullName(delegate) })
          : t('meetings.delegates.registerTitle', { delegation: label(delegation) })
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <DelegateForm edition={edition} delegation={delegation} delegate={delegate} onClose={onClose} />}
    </Modal>
  );
}

function DelegateForm({
  edition,
  delegation,
  delegate,
  onClose,
}: {
  edition: Edition;
  delegation: Delegation;
  delegate: Delegate | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const changed = useEditionChange(edition);
  const [values, setValues] = useState({
    title: delegate?.title ?? '',
    givenNames: delegate?.givenNames ?? '',
    familyName: delegate?.familyName ?? '',
    function: delegate?.function ?? '',
    email: delegate?.email ?? '',
  });
  const [submitted, setSubmitted] = useState(false);
  // The value is read now: React clears currentTarget before a state updater runs.
  const set = (key: keyof typeof values) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };
  const errors = {
    givenNames: values.givenNames.trim() ? null : t('common.required'),
    familyName: values.familyName.trim() ? null : t('common.required'),
    function: values.function.trim() ? null : t('common.required'),
    email: EMAIL.test(values.email.trim()) ? null : t('meetings.form.email'),
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { ...values, title: values.title.trim() || null };
      return delegate
        ? http.patch(`/meetings/delegates/${delegate.id}`, body)
        : http.post(`/meetings/delegations/${delegation.id}/delegates`, body);
    },
    onSuccess: async (saved) => {
      await changed();
      notifications.show({
        color: 'green',
        message: delegate ? t('meetings.delegates.saved') : t('meetings.delegates.registered', { name: fullName(saved) }),
      });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  const shown = (error: string | null) => (submitted ? error : null);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        {!delegate && <Text size="sm">{t('meetings.delegates.approvalNote')}</Text>}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('meetings.fields.title')}
            value={values.title}
            onChange={set('title')}
            data-testid="delegate-title"
          />
          <TextInput
            label={t('meetings.fields.givenNames')}
            value={values.givenNames}
            onChange={set('givenNames')}
            required
            error={shown(errors.givenNames)}
            data-testid="delegate-given-names"
          />
          <TextInput
            label={t('meetings.fields.familyName')}
            value={values.familyName}
            onChange={set('familyName')}
            required
            error={shown(errors.familyName)}
            data-testid="delegate-family-name"
          />
        </SimpleGrid>
        <TextInput
          label={t('meetings.fields.function')}
          value={values.function}
          onChange={set('function')}
          required
          error={shown(errors.function)}
          data-testid="delegate-function"
        />
        <TextInput
          type="email"
          label={t('meetings.fields.email')}
          value={values.email}
          onChange={set('email')}
          required
          dir="ltr"
          error={shown(errors.email)}
          data-testid="delegate-email"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="delegate-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
