import { Badge, Button, CloseButton, Group, Paper, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { IconAlertTriangle, IconCloudOff, IconCloudUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import { dismiss } from '../offline/queue';
import type { QueuedChange } from '../offline/store';
import { syncNow, useOfflineChanges } from '../offline/sync';
import { ruleText } from './ErrorAlert';

/** Why the server did not record a change, in the reader's language. */
function reasonOf(t: TFunction, change: QueuedChange, formatDateTime: (iso: string) => string): string {
  if (change.state === 'refused' && change.refusal) {
    const { refusal } = change;
    const reason = refusal.rule
      ? ruleText(t, refusal, refusal.message)
      : t(`errors.${refusal.code}`, { defaultValue: refusal.message, reason: refusal.message });
    return t('offline.refused', { reason });
  }
  if (change.state === 'overridden' && change.kept) {
    const { kept } = change;
    const value =
      kept.value === 'present' || kept.value === 'absent' ? t(`offline.${kept.value}`) : kept.value || t('offline.cleared');
    return t('offline.overridden', {
      value,
      by: kept.recordedBy ?? t('offline.someone'),
      at: kept.recordedAt ? formatDateTime(kept.recordedAt) : '—',
    });
  }
  return '';
}

/**
 * The header's account of the changes made on this device: offline or not, how many wait to be
 * sent, and those the server did not record (refused, with its reason; or overridden by a later
 * mark, with who and when), each to be dismissed once read.
 */
export function OfflineStatus({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  const queryClient = useQueryClient();
  const { online } = useNetwork();
  const changes = useOfflineChanges(userId);
  const waiting = changes.filter((c) => c.state === 'waiting').length;
  const answered = changes.filter((c) => c.state !== 'waiting');
  if (online && changes.length === 0) return null;
  return (
    <Popover width={360} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton aria-label={t('offline.title')} data-testid="offline-status">
          <Group gap={4} wrap="nowrap">
            {!online && (
              <Badge color="gray" variant="filled" leftSection={<IconCloudOff size={14} aria-hidden />}>
                {t('offline.offline')}
              </Badge>
            )}
            {waiting > 0 && (
              <Badge
                color="orange"
                variant="light"
                leftSection={<IconCloudUpload size={14} aria-hidden />}
                data-testid="offline-waiting"
              >
                <span role="status">{t('offline.waiting', { count: waiting })}</span>
              </Badge>
            )}
            {answered.length > 0 && (
              <Badge
                color="red"
                variant="light"
                leftSection={<IconAlertTriangle size={14} aria-hidden />}
                data-testid="offline-not-recorded"
              >
                {t('offline.notRecorded', { count: answered.length })}
              </Badge>
            )}
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600}>{t('offline.title')}</Text>
          <Text size="sm">{t('offline.help')}</Text>
          <Text size="sm" c="dimmed">
            {t('offline.rule')}
          </Text>
          <Group justify="space-between">
            <Text size="sm">{waiting > 0 ? t('offline.waiting', { count: waiting }) : t('offline.allSent')}</Text>
            {waiting > 0 && (
              <Button
                size="xs"
                variant="light"
                disabled={!online}
                onClick={() => void syncNow(userId, () => void queryClient.invalidateQueries())}
              >
                {t('offline.sendNow')}
              </Button>
            )}
          </Group>
          {answered.length > 0 && (
            <ScrollArea.Autosize mah={300}>
              <Stack gap="xs" data-testid="offline-answered">
                {answered.map((c) => (
                  <Paper key={c.key} withBorder p="xs">
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <div>
                        <Text size="sm" fw={600}>
                          {c.label}
                        </Text>
                        <Text size="sm">{reasonOf(t, c, formatDateTime)}</Text>
                      </div>
                      <CloseButton aria-label={t('offline.dismiss')} onClick={() => void dismiss(c.key)} />
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
