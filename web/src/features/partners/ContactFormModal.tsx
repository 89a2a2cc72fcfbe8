import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Contact, partnersKey } from './partners';

type Props = { organisationId: string; contact: Contact | null; opened: boolean; onClose(): void };

export function ContactFormModal({ organisationId, contact, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={contact ? t('partners.contacts.editTitle', { name: contact.fullName }) : t('partners.contacts.add')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <ContactForm key={contact?.id ?? 'new'} organisationId={organisationId} contact={contact} onClose={onClose} />}
    </Modal>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]{4,29}$/;

function ContactForm({ organisationId, contact, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [fullName, setFullName] = useState(contact?.fullName ?? '');
  const [functionTitle, setFunctionTitle] = useState(contact?.functionTitle ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [submitted, setSubmitted] = useState(false);
  const errors = {
    fullName: fullName.trim().length < 2 ? t('common.required') : null,
    email: email.trim() === '' || EMAIL.test(email.trim()) ? null : t('partners.form.emailFormat'),
    phone: phone.trim() === '' || PHONE.test(phone.trim()) ? null : t('partners.form.phoneFormat'),
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { fullName, functionTitle, email, phone };
      return contact
        ? api.patch<Contact>(`/partner-contacts/${contact.id}`, body)
        : api.post<Contact>(`/organisations/${organisationId}/contacts`, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: partnersKey });
      notifications.show({ color: 'green', message: t('partners.saved') });
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
          label={t('partners.contacts.fullName')}
          value={fullName}
          onChange={(e) => setFullName(e.currentTarget.value)}
          required
          error={submitted && errors.fullName}
          data-testid="contact-name"
        />
        <TextInput
          label={t('partners.contacts.functionTitle')}
          value={functionTitle}
          onChange={(e) => setFunctionTitle(e.currentTarget.value)}
        />
        <TextInput
          label={t('partners.contacts.email')}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={submitted && errors.email}
          dir="ltr"
        />
        <TextInput
          label={t('partners.contacts.phone')}
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={submitted && errors.phone}
          dir="ltr"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="contact-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
