import { Alert, Badge, Button, Code, Drawer, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { useFormat } from '../../i18n/format';
import { kindName, outboxMessageQuery, outboxStatusColours } from './outbox';

/**
 * One message as it was written: its delivery, its HTML as the recipient sees it (in an iframe
 * sandboxed with no permission at all: no script runs, no form is sent, no link navigates this
 * page) and its plain text; resend. Opening it is audited on the server (a read of personal data).
 */
export function MessageDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={id !== undefined}
      onClose={onClose}
      position="right"
      size="xl"
      title={t('outbox.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {id && <MessageBody id={id} />}
    </Drawer>
  );
}

function MessageBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const { formatDateTime, formatNumber } = useFormat();
  const queryClient = useQueryClient();
  const message = useQuery(outboxMessageQuery(id));
  const resend = useMutation({
    mutationFn: () => http.post(`/outbox/${id}/resend`),
    onSuccess: (updated) => {
      queryClient.setQueryData(outboxMessageQuery(id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['outbox', 'list'] });
      notifications.show({ color: 'green', message: t('outbox.resent') });
    },
  });

  if (message.isError) return <ErrorAlert error={message.error} />;
  if (!message.data) return <Loader aria-label={t('common.loading')} />;
  const m = message.data;
  return (
    <Stack data-testid="outbox-message">
      <Text fw={600} dir="auto">
        {m.subject}
      </Text>
      <Group gap="xs">
        <Badge color={outboxStatusColours[m.status]} variant="light" data-testid="outbox-message-status">
          {t(`outbox.statuses.${m.status}`)}
        </Badge>
        <Badge color="gray" variant="outline">
          {kindName(t, m.kind)}
        </Badge>
        <Badge color="gray" variant="outline">
          {m.locale.toUpperCase()}
        </Badge>
      </Group>
      <Text size="sm">
        <Ltr>{m.toAddress}</Ltr>
      </Text>
      <Stack gap={2}>
        <Text size="sm">{t('outbox.detail.attempts', { count: formatNumber(m.attempts) })}</Text>
        {m.lastAttemptAt && <Text size="sm">{t('outbox.detail.lastAttempt', { at: formatDateTime(m.lastAttemptAt) })}</Text>}
        {m.status === 'pending' && (
          <Text size="sm">{t('outbox.detail.nextAttempt', { at: formatDateTime(m.nextAttemptAt) })}</Text>
        )}
        {m.sentAt && <Text size="sm">{t('outbox.detail.sentAt', { at: formatDateTime(m.sentAt) })}</Text>}
        {m.attachments.length > 0 && (
          <Text size="sm">{t('outbox.detail.attachments', { names: m.attachments.map((a) => a.filename).join(', ') })}</Text>
        )}
      </Stack>
      {m.lastError && (
        <Alert color="red" title={t('outbox.detail.lastError')}>
          <Text size="sm" dir="ltr" ta="start" style={{ wordBreak: 'break-word' }} data-testid="outbox-message-error">
            {m.lastError}
          </Text>
        </Alert>
      )}
      {m.inDelivery ? (
        <Text size="sm" c="dimmed">
          {t('outbox.detail.inDelivery')}
        </Text>
      ) : (
        <Group gap="sm">
          <Button
            leftSection={<IconSend size={16} aria-hidden />}
            onClick={() => resend.mutate()}
            loading={resend.isPending}
            data-testid="outbox-resend"
          >
            {t('outbox.resend')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('outbox.resendHint')}
          </Text>
        </Group>
      )}
      {resend.isError && <ErrorAlert error={resend.error} />}
      <Tabs defaultValue="html" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html">{t('outbox.detail.html')}</Tabs.Tab>
          <Tabs.Tab value="text">{t('outbox.detail.text')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <iframe
            title={t('outbox.detail.frameTitle')}
            sandbox=""
            srcDoc={m.htmlBody}
            referrerPolicy="no-referrer"
            style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-gray-3)', background: 'white' }}
            data-testid="outbox-message-html"
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Code block dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="outbox-message-text">
            {m.textBody}
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
