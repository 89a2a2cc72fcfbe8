import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NewPasswordFields, newPasswordErrors } from '../../components/NewPasswordFields';
import { useDocumentTitle } from '../../components/PageHeader';
import { AuthFrame } from './AuthFrame';

/**
 * The token of a mailed link (`/set-password#token=…`). It travels in the fragment, which the
 * browser never sends to a server (nor to a proxy's log, nor in a Referer); once read, it is taken
 * out of the address bar so that it does not stay in the history.
 */
const readToken = (): string => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';

/** Choose a password with a mailed link: a password reset or an invitation (docs/api.md). */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(readToken);
  const [fresh, setFresh] = useState({ next: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);
  useDocumentTitle(t('auth.setPassword.title'));
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);

  const save = useMutation({ mutationFn: () => http.post('/auth/set-password', { token, password: fresh.next }) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const errors = newPasswordErrors(t, fresh);
    if (!errors.next && !errors.repeat) save.mutate();
  };

  const askNew = (
    <Anchor component={Link} to="/forgot-password" size="sm" w="fit-content" data-testid="set-password-ask-new">
      {t('auth.setPassword.askNew')}
    </Anchor>
  );

  if (save.isSuccess) {
    return (
      <AuthFrame title={t('auth.setPassword.title')}>
        <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="set-password-done">
          {save.data.purpose === 'invitation' ? t('auth.setPassword.welcome') : t('auth.setPassword.saved')}
        </Alert>
        <Text size="sm">{t('auth.setPassword.secondFactor')}</Text>
        <Button component={Link} to="/sign-in" data-testid="set-password-sign-in">
          {t('auth.signIn')}
        </Button>
      </AuthFrame>
    );
  }

  if (!token) {
    return (
      <AuthFrame title={t('auth.setPassword.title')}>
        <Alert color="orange" data-testid="set-password-no-link">
          {t('auth.setPassword.noLink')}
        </Alert>
        {askNew}
      </AuthFrame>
    );
  }

  // A used, expired or superseded link is refused by its rule (`account.link_invalid`), a weak
  // password by its own (`password.*`): ErrorAlert words either in the reader's language.
  const linkDead = save.error instanceof ApiError && save.error.rule === 'account.link_invalid';
  return (
    <AuthFrame title={t('auth.setPassword.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('auth.setPassword.intro')}</Text>
          <NewPasswordFields value={fresh} onChange={setFresh} showErrors={submitted} testIdPrefix="set-password" />
          {save.isError && <ErrorAlert error={save.error} />}
          <Button type="submit" loading={save.isPending} data-testid="set-password-submit">
            {t('auth.setPassword.submit')}
          </Button>
          {linkDead && askNew}
        </Stack>
      </form>
    </AuthFrame>
  );
}
