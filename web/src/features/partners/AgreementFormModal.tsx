import { Button, FileInput, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Agreement, type AgreementKind, agreementKinds, partnersKey, ruleOverrides } from './partners';

type Props = { organisationId: string; agreement: Agreement | null; opened: boolean; onClose(): void };

export function AgreementFormModal({ organisationId, agreement, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={agreement ? t('partners.agreements.editTitle') : t('partners.agreements.add')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <AgreementForm key={agreement?.id ?? 'new'} organisationId={organisationId} agreement={agreement} onClose={onClose} />
      )}
    </Modal>
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The agreement's fields, then its signed document (uploaded to the file store once the agreement is saved). */
function AgreementForm({ organisationId, agreement, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(agreement?.title ?? '');
  const [kind, setKind] = useState<AgreementKind | null>(agreement?.kind ?? null);
  const [signedOn, setSignedOn] = useState(agreement?.signedOn ?? '');
  const [validFrom, setValidFrom] = useState(agreement?.validFrom ?? '');
  const [validTo, setValidTo] = useState(agreement?.validTo ?? '');
  const [document, setDocument] = useState<File | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const errors = {
    title: title.trim().length < 2 ? t('common.required') : null,
    kind: kind ? null : t('common.required'),
    validFrom: DAY.test(validFrom) ? null : t('common.required'),
    validTo: validTo && DAY.test(validFrom) && validTo < validFrom ? t('partners.rules.validity_order') : null,
  };
  const save = useMutation({
    mutationFn: async () => {
      const body = { title, kind, signedOn: signedOn || null, validFrom, validTo: validTo || null };
      const saved = agreement
        ? await api.patch<Agreement>(`/partner-agreements/${agreement.id}`, body)
        : await api.post<Agreement>(`/organisations/${organisationId}/agreements`, body);
      if (document) {
        const form = new FormData();
        form.append('file', document);
        return api.put<Agreement>(`/partner-agreements/${saved.id}/document`, form);
      }
      return saved;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: partnersKey }),
    onSuccess: () => {
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
        {save.isError && <ErrorAlert error={save.error} overrides={ruleOverrides(t, save.error)} />}
        <TextInput
          label={t('partners.agreements.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          error={submitted && errors.title}
          data-testid="agreement-title"
        />
        <Select
          label={t('partners.agreements.kind')}
          data={agreementKinds.map((k) => ({ value: k, label: t(`partners.agreementKinds.${k}`) }))}
          value={kind}
          onChange={(v) => setKind(v as AgreementKind | null)}
          required
          error={submitted && errors.kind}
          data-testid="agreement-kind"
        />
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('partners.agreements.signedOn')}
            value={signedOn}
            onChange={(e) => setSignedOn(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('partners.agreements.validFrom')}
            value={validFrom}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
            required
            error={submitted && errors.validFrom}
            data-testid="agreement-from"
          />
          <TextInput
            type="date"
            label={t('partners.agreements.validTo')}
            description={t('partners.agreements.openEnded')}
            value={validTo}
            onChange={(e) => setValidTo(e.currentTarget.value)}
            error={submitted && errors.validTo}
          />
        </Group>
        <FileInput
          label={agreement?.document ? t('partners.agreements.replaceDocument') : t('partners.agreements.document')}
          description={t('partners.agreements.documentHint')}
          placeholder={agreement?.document?.name ?? t('partners.agreements.chooseFile')}
          leftSection={<IconFileUpload size={16} aria-hidden />}
          value={document}
          onChange={setDocument}
          clearable
          accept=".pdf,.doc,.docx,.odt,.rtf,.txt,.png,.jpg,.jpeg"
          data-testid="agreement-document"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="agreement-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
