import { FileInput, Group, Select, TextInput } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type AgreementKind, agreementKinds } from '../../../../contract/enums';
import { createAgreementSchema, updateAgreementSchema } from '../../../../server/modules/partners/inputs';
import { http } from '../../api/http';
import { DateRangeFields } from '../../components/forms/DateRangeFields';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { type Agreement, partnersKey } from './partners';

type Props = { organisationId: string; agreement: Agreement | null; opened: boolean; onClose(): void };

export function AgreementFormModal({ organisationId, agreement, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={agreement ? t('partners.agreements.editTitle') : t('partners.agreements.add')}
      formKey={agreement?.id ?? 'new'}
    >
      <AgreementForm organisationId={organisationId} agreement={agreement} onClose={onClose} />
    </FormModal>
  );
}

/** The agreement's fields, then its signed document (uploaded to the file store once the agreement is saved). */
function AgreementForm({ organisationId, agreement, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      title: agreement?.title ?? '',
      kind: (agreement?.kind ?? null) as AgreementKind | null,
      signedOn: agreement?.signedOn ?? '',
      validFrom: agreement?.validFrom ?? '',
      validTo: agreement?.validTo ?? '',
      document: null as File | null,
    },
    schema: agreement ? updateAgreementSchema : createAgreementSchema,
    toBody: ({ document: _, ...v }) => ({ ...v, signedOn: v.signedOn || null, validTo: v.validTo || null }),
    check: (v) => (v.validTo && v.validFrom && v.validTo < v.validFrom ? { validTo: t('partners.rules.validity_order') } : {}),
    save: async (body, { document }) => {
      const saved = agreement
        ? await http.patch(`/partner-agreements/${agreement.id}`, body)
        : await http.post(`/organisations/${organisationId}/agreements`, body);
      if (!document) return saved;
      const upload = new FormData();
      upload.append('file', document);
      return http.put(`/partner-agreements/${saved.id}/document`, upload);
    },
    invalidate: [partnersKey],
    savedNotice: t('partners.saved'),
    close: onClose,
    editing: agreement !== null,
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="agreement-save">
      <TextInput label={t('partners.agreements.title')} {...form.textField('title')} required data-testid="agreement-title" />
      <Select
        label={t('partners.agreements.kind')}
        data={agreementKinds.map((k) => ({ value: k, label: t(`partners.agreementKinds.${k}`) }))}
        value={form.values.kind}
        onChange={(v) => form.set('kind', v as AgreementKind | null)}
        required
        error={form.error('kind')}
        data-testid="agreement-kind"
      />
      <Group grow align="flex-start">
        <TextInput type="date" label={t('partners.agreements.signedOn')} {...form.textField('signedOn')} />
        <DateRangeFields
          form={form}
          start={{ field: 'validFrom', label: t('partners.agreements.validFrom'), required: true, testId: 'agreement-from' }}
          end={{ field: 'validTo', label: t('partners.agreements.validTo'), description: t('partners.agreements.openEnded') }}
        />
      </Group>
      <FileInput
        label={agreement?.document ? t('partners.agreements.replaceDocument') : t('partners.agreements.document')}
        description={t('partners.agreements.documentHint')}
        placeholder={agreement?.document?.name ?? t('partners.agreements.chooseFile')}
        leftSection={<IconFileUpload size={16} aria-hidden />}
        value={form.values.document}
        onChange={(file) => form.set('document', file)}
        clearable
        accept=".pdf,.doc,.docx,.odt,.rtf,.txt,.png,.jpg,.jpeg"
        data-testid="agreement-document"
      />
    </ModalForm>
  );
}
