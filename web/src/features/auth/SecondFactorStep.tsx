import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { acceptSession } from '../../hooks/session';

/** The second step of sign-in: a code from the authenticator app, or one of the recovery codes. */
export function SecondFactorStep() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);

  const verify = useMutation({
    mutationFn: () => http.post('/auth/mfa', { code: code.trim().replace(/\s/g, '') }),
    onSuccess: (session) => acceptSession(queryClient, session),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(code.trim() === '');
    if (code.trim() !== '') verify.mutate();
  };

  const toggleMode = () => {
    setUseRecoveryCode((value) => !value);
    setCode('');
    verify.reset();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{useRecoveryCode ? t('auth.secondFactor.recoveryHelp') : t('auth.secondFactor.totpHelp')}</Text>
        <TextInput
          key={useRecoveryCode ? 'recovery' : 'totp'}
          label={useRecoveryCode ? t('auth.secondFactor.recoveryLabel') : t('auth.secondFactor.totpLabel')}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          inputMode={useRecoveryCode ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          placeholder={useRecoveryCode ? 'xxxxx-xxxxx' : '123456'}
          maxLength={useRecoveryCode ? 11 : 7}
          required
          error={missing && t('common.required')}
          autoFocus
          dir="ltr"
          data-testid="sign-in-code"
        />
        {verify.isError && <ErrorAlert error={verify.error} overrides={{ MFA_INVALID: t('mfa.errors.wrongCode') }} />}
        <Button type="submit" loading={verify.isPending} data-testid="sign-in-verify">
          {t('auth.secondFactor.verify')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={toggleMode} w="fit-content">
          {useRecoveryCode ? t('auth.secondFactor.useApp') : t('auth.secondFactor.useRecovery')}
        </Anchor>
      </Stack>
    </form>
  );
}
