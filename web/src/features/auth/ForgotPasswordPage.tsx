import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useDocumentTitle } from '../../components/PageHeader';
import { AccountEmailInput } from './AccountEmailInput';
import { AuthFrame } from './AuthFrame';

/**
 * Forgot password (docs/api.md `POST /api/auth/password-reset`): the same answer whether or not
 * the address has an account, so this page never tells either; a refusal for too many requests is
 * worded in the reader's language with the wait.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  useDocumentTitle(t('auth.forgot.title'));

  const ask = useMutation({ mutationFn: (address: string) => http.post('/auth/password-reset', { email: address }) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    setMissing(address === '');
    if (address !== '') ask.mutate(address);
  };

  const back = (
    <Anchor component={Link} to="/sign-in" size="sm" w="fit-content" data-testid="forgot-back">
      {t('auth.forgot.back')}
    </Anchor>
  );

  if (ask.isSuccess) {
    return (
      <AuthFrame title={t('auth.forgot.title')}>
        <Alert color="teal" icon={<IconMailForward size={18} />} data-testid="forgot-sent">
          {t('auth.forgot.sent', { email: ask.variables })}
        </Alert>
        {back}
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('auth.forgot.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('auth.forgot.intro')}</Text>
          <AccountEmailInput value={email} onValueChange={setEmail} missing={missing} testId="forgot-email" />
          {ask.isError && <ErrorAlert error={ask.error} />}
          <Button type="submit" loading={ask.isPending} data-testid="forgot-submit">
            {t('auth.forgot.submit')}
          </Button>
          {back}
        </Stack>
      </form>
    </AuthFrame>
  );
}
