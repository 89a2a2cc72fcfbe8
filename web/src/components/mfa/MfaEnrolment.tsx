import {
  ActionIcon,
  Box,
  Button,
  Center,
  Code,
  CopyButton,
  Group,
  Image,
  List,
  Loader,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../ErrorAlert';
import { AuthenticatorCodeInput } from './AuthenticatorCodeInput';

const setupKey = ['mfa-setup'] as const;

/** Groups of four characters: easier to type from the screen into an authenticator app. */
const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

type MfaEnrolmentProps = { onConfirmed: (recoveryCodes: string[]) => void };

/** Sets up a TOTP second factor: QR code or key, then a first code to prove the app works. */
export function MfaEnrolment({ onConfirmed }: MfaEnrolmentProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);

  // Each visit starts a fresh enrolment (the server replaces any pending secret), hence no caching.
  const setup = useQuery({
    queryKey: setupKey,
    queryFn: () => http.post('/me/mfa/setup'),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

  const confirm = useMutation({
    mutationFn: (totp: string) => http.post('/me/mfa/confirm', { code: totp }),
    onSuccess: ({ recoveryCodes }) => {
      queryClient.removeQueries({ queryKey: setupKey });
      onConfirmed(recoveryCodes);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const totp = code.replace(/\s/g, '');
    setMissing(totp === '');
    if (totp !== '') confirm.mutate(totp);
  };

  if (setup.isPending) {
    return (
      <Center p="lg">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (setup.isError) return <ErrorAlert error={setup.error} />;

  const { secret, qrCodeDataUrl } = setup.data;
  return (
    <Stack>
      <List type="ordered" spacing="md">
        <List.Item>{t('mfa.enrol.stepApp')}</List.Item>
        <List.Item>
          <Stack gap="xs">
            <Text>{t('mfa.enrol.stepScan')}</Text>
            <Image src={qrCodeDataUrl} alt={t('mfa.enrol.qrAlt')} w={200} h={200} fit="contain" data-testid="mfa-qr" />
            <Text size="sm">{t('mfa.enrol.secretLabel')}</Text>
            <Group gap="xs" wrap="nowrap" dir="ltr">
              <Code fz="md" p="xs" data-testid="mfa-secret">
                {groupedSecret(secret)}
              </Code>
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                    <ActionIcon variant="light" onClick={copy} aria-label={t('mfa.enrol.copySecret')}>
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </List.Item>
        <List.Item>
          <form onSubmit={submit} noValidate>
            <Stack gap="xs">
              <AuthenticatorCodeInput
                label={t('mfa.enrol.stepConfirm')}
                value={code}
                onValueChange={setCode}
                required
                error={missing && t('common.required')}
                inputContainer={(input) => <Box w={200}>{input}</Box>}
                data-testid="mfa-confirm-code"
              />
              {confirm.isError && <ErrorAlert error={confirm.error} overrides={{ MFA_INVALID: t('mfa.errors.wrongCode') }} />}
              <Button type="submit" loading={confirm.isPending} w="fit-content">
                {t('mfa.enrol.confirm')}
              </Button>
            </Stack>
          </form>
        </List.Item>
      </List>
    </Stack>
  );
}
