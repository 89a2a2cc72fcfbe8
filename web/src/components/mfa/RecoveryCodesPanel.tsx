import { Alert, Button, Checkbox, Code, CopyButton, Group, SimpleGrid, Stack } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type RecoveryCodesPanelProps = { codes: string[]; doneLabel: string; onDone: () => void };

/**
 * The recovery codes, shown once: the user copies or downloads them and says so before going on,
 * because they cannot be displayed again.
 */
export function RecoveryCodesPanel({ codes, doneLabel, onDone }: RecoveryCodesPanelProps) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const text = `${codes.join('\n')}\n`;

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'tadrib-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack>
      <Alert color="yellow" icon={<IconKey size={18} />} title={t('mfa.recovery.title')}>
        {t('mfa.recovery.explain')}
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" dir="ltr" data-testid="recovery-codes">
        {codes.map((code) => (
          <Code key={code} fz="md" p="xs" ta="center">
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              onClick={copy}
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            >
              {copied ? t('common.copied') : t('mfa.recovery.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="light" onClick={download} leftSection={<IconDownload size={16} aria-hidden />}>
          {t('mfa.recovery.download')}
        </Button>
      </Group>
      <Checkbox
        label={t('mfa.recovery.saved')}
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
        data-testid="recovery-codes-saved"
      />
      <Button onClick={onDone} disabled={!saved} w="fit-content" data-testid="recovery-codes-done">
        {doneLabel}
      </Button>
    </Stack>
  );
}
