import { Badge, Button, Group, Menu, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileTypePdf } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../contract/enums';
import { http } from '../../api/http';
import { fullName } from '../../components/deliveryText';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { type Certificate, certificatesKey, fileUrl, type RevocationReason, revocationReasons } from './certificates';

type CertificateTableProps = {
  items: Certificate[];
  /** Show the holder (officers, focal points); a participant's own list does not. */
  holder: boolean;
  /** Show the course and session (the list across sessions); a session's own tab does not. */
  course: boolean;
};

/** Certificates with their files (PDF in each language, JWT, JSON) and, where the reader may, revocation. */
export function CertificateTable({ items, holder, course }: CertificateTableProps) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const columns = 3 + (holder ? 1 : 0) + (course ? 1 : 0);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" data-testid="certificates-table">
        <Table.Thead>
          <Table.Tr>
            {holder && <Table.Th>{t('certificates.list.holder')}</Table.Th>}
            {course && <Table.Th>{t('certificates.list.course')}</Table.Th>}
            <Table.Th>{t('certificates.list.issued')}</Table.Th>
            <Table.Th>{t('certificates.list.status')}</Table.Th>
            <Table.Th>{t('certificates.list.files')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.length === 0 && <EmptyTableRow colSpan={columns}>{t('certificates.list.none')}</EmptyTableRow>}
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid="certificate-row" data-code={c.verificationCode}>
              {holder && (
                <Table.Td>
                  {fullName(c.official)}{' '}
                  <Text span c="dimmed" size="sm">
                    ({c.official.stateIso2})
                  </Text>
                </Table.Td>
              )}
              {course && (
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.course.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <Ltr>{c.session.code}</Ltr> · {formatDay(c.session.startDate)} – {formatDay(c.session.endDate)}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">{formatDay(c.issuedAt.slice(0, 10))}</Text>
                <Text size="xs" c="dimmed">
                  <Ltr>{c.verificationCode}</Ltr>
                </Text>
              </Table.Td>
              <Table.Td>
                <CertificateStatus certificate={c} />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <PdfMenu certificate={c} />
                  <Button component="a" href={fileUrl(c.id, 'credential.jwt')} download size="xs" variant="subtle">
                    JWT
                  </Button>
                  <Button component="a" href={fileUrl(c.id, 'credential.json')} download size="xs" variant="subtle">
                    JSON
                  </Button>
                  {c.can.revoke && !c.revokedAt && <RevokeButton certificate={c} />}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CertificateStatus({ certificate: c }: { certificate: Certificate }) {
  const { t } = useTranslation();
  if (!c.revokedAt) {
    return (
      <Badge color="green" data-testid="certificate-status">
        {t('verify.status.valid')}
      </Badge>
    );
  }
  return (
    <>
      <Badge color="red" data-testid="certificate-status">
        {t('verify.status.revoked')}
      </Badge>
      {c.revocationReason && (
        <Text size="xs" c="dimmed" mt={4}>
          {t(`verify.reasons.${c.revocationReason}`)}
          {c.revocationNote ? ` · ${c.revocationNote}` : ''}
        </Text>
      )}
    </>
  );
}

/** The paper in the holder's language first, then in the others. */
function PdfMenu({ certificate: c }: { certificate: Certificate }) {
  const { t } = useTranslation();
  const order = [c.locale, ...locales.filter((l) => l !== c.locale)];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="light" leftSection={<IconFileTypePdf size={16} aria-hidden />} data-testid="certificate-pdf">
          PDF
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('certificates.list.pdfIn')}</Menu.Label>
        {order.map((locale) => (
          <Menu.Item
            key={locale}
            component="a"
            href={fileUrl(c.id, 'certificate.pdf', locale)}
            download
            lang={locale}
            dir={locale === 'ar' ? 'rtl' : 'ltr'}
            leftSection={<IconDownload size={14} aria-hidden />}
            data-testid={`certificate-pdf-${locale}`}
          >
            {languageNames[locale]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function RevokeButton({ certificate: c }: { certificate: Certificate }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState<RevocationReason | null>(null);
  const [note, setNote] = useState('');
  const revoke = useMutation({
    mutationFn: () => http.post(`/certificates/${c.id}/revoke`, { reason, note: note.trim() || null }),
    onSuccess: async () => {
      setOpened(false);
      notifications.show({ color: 'green', message: t('certificates.revoke.done') });
      await queryClient.invalidateQueries({ queryKey: certificatesKey });
    },
  });
  return (
    <>
      <Button size="xs" variant="subtle" color="red" onClick={() => setOpened(true)} data-testid="certificate-revoke">
        {t('certificates.revoke.action')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('certificates.revoke.title', { name: fullName(c.official) })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Text size="sm">{t('certificates.revoke.body')}</Text>
          <Select
            label={t('certificates.revoke.reason')}
            data={revocationReasons.map((r) => ({ value: r, label: t(`verify.reasons.${r}`) }))}
            value={reason}
            onChange={(value) => setReason(value as RevocationReason | null)}
            required
            data-testid="revoke-reason"
          />
          <Textarea label={t('certificates.revoke.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          {revoke.isError && <ErrorAlert error={revoke.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)} disabled={revoke.isPending}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              disabled={!reason}
              loading={revoke.isPending}
              onClick={() => revoke.mutate()}
              data-testid="revoke-confirm"
            >
              {t('certificates.revoke.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
