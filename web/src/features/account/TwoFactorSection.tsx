import { Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { AuthenticatorCodeInput } from '../../components/mfa/AuthenticatorCodeInput';
import { MfaEnrolment } from '../../components/mfa/MfaEnrolment';
import { RecoveryCodesPanel } from '../../components/mfa/RecoveryCodesPanel';
import { sessionKey, useMe } from '../../hooks/session';

type Step = { kind: 'idle' } | { kind: 'enrolling' } | { kind: 'codes'; codes: string[] };

export function TwoFactorSection() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [asking, setAsking] = useState<'regenerate' | 'disable' | null>(null);
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: sessionKey });

  const regenerate = useMutation({
    mutationFn: (code: string) => http.post('/me/mfa/recovery-codes', { code }),
    onSuccess: ({ recoveryCodes }) => {
      setAsking(null);
      setStep({ kind: 'codes', codes: recoveryCodes });
    },
  });

  const disable = useMutation({
    mutationFn: (code: string) => http.post('/me/mfa/disable', { code }),
    onSuccess: async () => {
      setAsking(null);
      notifications.show({ color: 'green', message: t('account.mfa.disabled') });
      await refreshMe();
    },
  });

  const finish = async () => {
    setStep({ kind: 'idle' });
    await refreshMe();
  };

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          {t('account.mfa.title')}
        </Title>
        {me.mfaEnabled ? (
          <Badge color="green" leftSection={<IconShieldCheck size={14} aria-hidden />} data-testid="mfa-status">
            {t('account.mfa.on')}
          </Badge>
        ) : (
          <Badge color="gray" leftSection={<IconShieldOff size={14} aria-hidden />} data-testid="mfa-status">
            {t('account.mfa.off')}
          </Badge>
        )}
      </Group>
      <Stack>
        <Text>{t('account.mfa.explain')}</Text>
        {me.mfaRequired && <Text fw={600}>{t('account.mfa.required')}</Text>}

        {step.kind === 'codes' && <RecoveryCodesPanel codes={step.codes} doneLabel={t('common.done')} onDone={finish} />}
        {step.kind === 'enrolling' && (
          <>
            <MfaEnrolment onConfirmed={(codes) => setStep({ kind: 'codes', codes })} />
            <Button variant="default" onClick={() => setStep({ kind: 'idle' })} w="fit-content">
              {t('common.cancel')}
            </Button>
          </>
        )}
        {step.kind === 'idle' && !me.mfaEnabled && (
          <Button onClick={() => setStep({ kind: 'enrolling' })} w="fit-content" data-testid="mfa-enrol">
            {t('account.mfa.enrol')}
          </Button>
        )}
        {step.kind === 'idle' && me.mfaEnabled && (
          <Group>
            <Button variant="light" onClick={() => setAsking('regenerate')}>
              {t('account.mfa.regenerate')}
            </Button>
            {!me.mfaRequired && (
              <Button variant="light" color="red" onClick={() => setAsking('disable')}>
                {t('account.mfa.disable')}
              </Button>
            )}
          </Group>
        )}
      </Stack>

      <CodeModal
        opened={asking === 'regenerate'}
        title={t('account.mfa.regenerate')}
        explain={t('account.mfa.regenerateExplain')}
        confirmLabel={t('account.mfa.regenerateConfirm')}
        mutation={regenerate}
        onClose={() => setAsking(null)}
      />
      <CodeModal
        opened={asking === 'disable'}
        title={t('account.mfa.disable')}
        explain={t('account.mfa.disableExplain')}
        confirmLabel={t('account.mfa.disableConfirm')}
        danger
        mutation={disable}
        onClose={() => setAsking(null)}
      />
    </Card>
  );
}

type CodeModalProps = {
  opened: boolean;
  title: string;
  explain: string;
  confirmLabel: string;
  danger?: boolean;
  mutation: { mutate: (code: string) => void; isPending: boolean; error: unknown; reset: () => void };
  onClose: () => void;
};

/** Asks for a current authenticator code before a change to the second factor itself. */
function CodeModal({ opened, title, explain, confirmLabel, danger, mutation, onClose }: CodeModalProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const close = () => {
    setCode('');
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const totp = code.replace(/\s/g, '');
    if (totp !== '') mutation.mutate(totp);
  };
  return (
    <Modal opened={opened} onClose={close} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text>{explain}</Text>
          <AuthenticatorCodeInput
            label={t('auth.secondFactor.totpLabel')}
            value={code}
            onValueChange={setCode}
            w={200}
            data-autofocus
          />
          {mutation.error ? <ErrorAlert error={mutation.error} overrides={{ MFA_INVALID: t('mfa.errors.wrongCode') }} /> : null}
          <FormActions onCancel={close}>
            <Button type="submit" color={danger ? 'red' : undefined} loading={mutation.isPending} disabled={code.trim() === ''}>
              {confirmLabel}
            </Button>
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}
