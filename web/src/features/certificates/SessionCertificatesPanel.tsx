import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCertificate } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { fullName } from '../../components/deliveryText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMe } from '../../hooks/session';
import { CertificateTable } from './CertificateTable';
import { certificatesKey, certificatesQuery, type Preview, previewQuery } from './certificates';

const actionColours: Record<Preview['rows'][number]['action'], string> = {
  issue: 'blue',
  held: 'green',
  revoked: 'red',
  not_completed: 'gray',
};

/**
 * The certificates tab of a completed session: who gets one (the completion rule,
 * server/modules/delivery/completion.ts), issuing them in one step, and those issued, each revocable.
 */
export function SessionCertificatesPanel({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const preview = useQuery(previewQuery(sessionId));
  const issued = useQuery(certificatesQuery(useMe().locale, sessionId));
  const issue = useMutation({
    mutationFn: () => http.post(`/sessions/${sessionId}/certificates`),
    onSuccess: async (result) => {
      notifications.show({ color: 'green', message: t('certificates.issue.done', { count: result.issued }) });
      await queryClient.invalidateQueries({ queryKey: certificatesKey });
    },
  });
  const p = preview.data;
  // Those holding one are listed below with their certificate; the preview shows the others.
  const pending = p?.rows.filter((r) => r.action !== 'held') ?? [];
  return (
    <Stack gap="lg">
      {preview.isError && <ErrorAlert error={preview.error} />}
      {p && !p.session.final && <Alert color="gray">{t('certificates.issue.notFinal')}</Alert>}
      {p?.session.final && (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={2} size="h4">
                {t('certificates.issue.title')}
              </Title>
              <Text size="sm" c="dimmed" data-testid="certificates-summary">
                {t('certificates.issue.summary', { toIssue: p.toIssue, held: p.held })}
              </Text>
            </div>
            <Button
              leftSection={<IconCertificate size={18} aria-hidden />}
              disabled={p.toIssue === 0}
              loading={issue.isPending}
              onClick={() => issue.mutate()}
              data-testid="certificates-issue"
            >
              {t('certificates.issue.action', { count: p.toIssue })}
            </Button>
          </Group>
          {issue.isError && <ErrorAlert error={issue.error} />}
          {pending.length > 0 && (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs" data-testid="certificates-preview">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('certificates.list.holder')}</Table.Th>
                    <Table.Th>{t('certificates.issue.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {pending.map((r) => (
                    <Table.Tr key={r.nominationId} data-action={r.action}>
                      <Table.Td>
                        {fullName(r.official)}{' '}
                        <Text span c="dimmed" size="sm">
                          ({r.official.stateIso2})
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={actionColours[r.action]}>
                          {t(`certificates.issue.actions.${r.action}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
      {issued.isError && <ErrorAlert error={issued.error} />}
      {issued.data && issued.data.items.length > 0 && (
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('certificates.issue.issued')}
          </Title>
          <CertificateTable items={issued.data.items} holder course={false} />
        </Stack>
      )}
    </Stack>
  );
}
