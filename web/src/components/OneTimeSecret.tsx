import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

type OneTimeSecretProps = { label: string; secret: string; note: string };

/** A secret the server returns once (a temporary password): shown with a copy button and a warning. */
export function OneTimeSecret({ label, secret, note }: OneTimeSecretProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text fw={600}>{label}</Text>
      <Group gap="xs" wrap="nowrap" dir="ltr">
        <Code fz="lg" p="sm" style={{ flex: 1, wordBreak: 'break-all' }} data-testid="one-time-secret">
          {secret}
        </Code>
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
              <ActionIcon variant="light" size="lg" onClick={copy} aria-label={t('common.copy')}>
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Alert color="yellow" icon={<IconLock size={18} />}>
        {note}
      </Alert>
    </Stack>
  );
}
