import { Button, Divider, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { acceptSession } from '../../hooks/session';
import { AccountEmailInput } from './AccountEmailInput';

/** The browser leaves for the office's identity provider; it comes back signed in (or with a reason). */
function ssoStartUrl(returnTo: string | undefined, email: string): string {
  const query = new URLSearchParams({ returnTo: returnTo ?? '/' });
  if (email) query.set('email', email);
  return `/api/auth/oidc/start?${query}`;
}

const domainOf = (email: string) =>
  email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

export function PasswordStep({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState({ email: false, password: false });
  const sso = useQuery({
    queryKey: ['auth', 'oidc'],
    queryFn: ({ signal }) => http.get('/auth/oidc', { signal }),
    staleTime: 5 * 60_000,
  });
  const provider = sso.data?.enabled ? sso.data : null;
  // Staff of a domain that uses the provider are steered to it rather than to a password.
  const steered = provider !== null && email.includes('@') && provider.domains.includes(domainOf(email));

  const login = useMutation({
    mutationFn: () => http.post('/auth/login', { email: email.trim(), password }),
    onSuccess: (session) => acceptSession(queryClient, session),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (steered) {
      window.location.assign(ssoStartUrl(redirect, email.trim()));
      return;
    }
    const check = { email: email.trim() === '', password: password === '' };
    setMissing(check);
    if (!check.email && !check.password) login.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <AccountEmailInput value={email} onValueChange={setEmail} missing={missing.email} testId="sign-in-email" />
        {steered ? (
          <Text size="sm" data-testid="sign-in-sso-steered">
            {t('auth.sso.steered', { provider: provider.displayName })}
          </Text>
        ) : (
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            required
            error={missing.password && t('common.required')}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            data-testid="sign-in-password"
          />
        )}
        {login.isError && <ErrorAlert error={login.error} />}
        <Button type="submit" loading={login.isPending} data-testid="sign-in-submit">
          {steered ? t('auth.sso.continueWith', { provider: provider.displayName }) : t('auth.signIn')}
        </Button>
        {provider && !steered && (
          <>
            <Divider label={t('auth.sso.or')} labelPosition="center" />
            <Button component="a" href={ssoStartUrl(redirect, email.trim())} variant="default" data-testid="sign-in-sso">
              {t('auth.sso.signInWith', { provider: provider.displayName })}
            </Button>
          </>
        )}
      </Stack>
    </form>
  );
}
