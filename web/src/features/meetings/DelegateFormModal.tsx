import { SimpleGrid, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { registerDelegateSchema, updateDelegateSchema } from '../../../../server/modules/meetings/inputs';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { useDelegationLabel } from './delegationHooks';
import { type Delegate, type Delegation, type Edition, editionKey, fullName } from './meetings';

type Props = { edition: Edition; delegation: Delegation; delegate: Delegate | null; opened: boolean; onClose(): void };

export function DelegateFormModal({ edition, delegation, delegate, opened, onClose }: Props) {
  const { t } = useTranslation();
  const label = useDelegationLabel();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        delegate
          ? t('meetings.delegates.editTitle', { name: fullName(delegate) })
          : t('meetings.delegates.registerTitle', { delegation: label(delegation) })
      }
      formKey={delegate?.id ?? 'new'}
    >
      <DelegateForm edition={edition} delegation={delegation} delegate={delegate} onClose={onClose} />
    </FormModal>
  );
}

function DelegateForm({ edition, delegation, delegate, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      title: delegate?.title ?? '',
      givenNames: delegate?.givenNames ?? '',
      familyName: delegate?.familyName ?? '',
      function: delegate?.function ?? '',
      email: delegate?.email ?? '',
    },
    schema: delegate ? updateDelegateSchema : registerDelegateSchema,
    messages: { email: t('meetings.form.email') },
    save: (body) =>
      delegate
        ? http.patch(`/meetings/delegates/${delegate.id}`, body)
        : http.post(`/meetings/delegations/${delegation.id}/delegates`, body),
    invalidate: [editionKey(edition.id)],
    savedNotice: (saved) =>
      delegate ? t('meetings.delegates.saved') : t('meetings.delegates.registered', { name: fullName(saved) }),
    close: onClose,
    editing: delegate !== null,
  });
  const text = (field: 'title' | 'givenNames' | 'familyName' | 'function' | 'email') => ({
    value: form.values[field],
    onChange: (event: { currentTarget: { value: string } }) => form.set(field, event.currentTarget.value),
    error: form.error(field),
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="delegate-save">
      {!delegate && <Text size="sm">{t('meetings.delegates.approvalNote')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label={t('meetings.fields.title')} {...text('title')} data-testid="delegate-title" />
        <TextInput label={t('meetings.fields.givenNames')} {...text('givenNames')} required data-testid="delegate-given-names" />
        <TextInput label={t('meetings.fields.familyName')} {...text('familyName')} required data-testid="delegate-family-name" />
      </SimpleGrid>
      <TextInput label={t('meetings.fields.function')} {...text('function')} required data-testid="delegate-function" />
      <TextInput
        type="email"
        label={t('meetings.fields.email')}
        {...text('email')}
        required
        dir="ltr"
        data-testid="delegate-email"
      />
    </ModalForm>
  );
}
