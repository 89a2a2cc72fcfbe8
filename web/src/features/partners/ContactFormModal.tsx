import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { createContactSchema, updateContactSchema } from '../../../../server/modules/partners/inputs';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { type Contact, partnersKey } from './partners';

type Props = { organisationId: string; contact: Contact | null; opened: boolean; onClose(): void };

export function ContactFormModal({ organisationId, contact, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={contact ? t('partners.contacts.editTitle', { name: contact.fullName }) : t('partners.contacts.add')}
      formKey={contact?.id ?? 'new'}
    >
      <ContactForm organisationId={organisationId} contact={contact} onClose={onClose} />
    </FormModal>
  );
}

function ContactForm({ organisationId, contact, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      fullName: contact?.fullName ?? '',
      functionTitle: contact?.functionTitle ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
    },
    schema: contact ? updateContactSchema : createContactSchema,
    messages: { email: t('partners.form.emailFormat'), phone: t('partners.form.phoneFormat') },
    save: (body) =>
      contact
        ? http.patch(`/partner-contacts/${contact.id}`, body)
        : http.post(`/organisations/${organisationId}/contacts`, body),
    invalidate: [partnersKey],
    savedNotice: t('partners.saved'),
    close: onClose,
    editing: contact !== null,
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="contact-save">
      <TextInput label={t('partners.contacts.fullName')} {...form.textField('fullName')} required data-testid="contact-name" />
      <TextInput
        label={t('partners.contacts.functionTitle')}
        value={form.values.functionTitle}
        onChange={(e) => form.set('functionTitle', e.currentTarget.value)}
      />
      <TextInput label={t('partners.contacts.email')} type="email" {...form.textField('email')} dir="ltr" />
      <TextInput label={t('partners.contacts.phone')} type="tel" {...form.textField('phone')} dir="ltr" />
    </ModalForm>
  );
}
