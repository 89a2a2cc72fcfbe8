import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SessionView } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { acceptSession } from './session';

export function PasswordStep() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState({ email: false, password: false });

  const login = useMutation({
    mutationFn: () => api.post<SessionView>('/auth/login', { email: email.trim(), password }),
    onSuccess: (session) => acceptSession(queryClient, session),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const check = { email: email.trim() === '', password: password === '' };
    setMissing(check);
    if (!check.email && !check.password) login.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          required
          error={missing.email && t('common.required')}
          dir="ltr"
          data-testid="sign-in-email"
        />
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
        {login.isError && <ErrorAlert error={login.error} />}
        <Button type="submit" loading={login.isPending} data-testid="sign-in-submit">
          {t('auth.signIn')}
        </Button>
      </Stack>
    </form>
  );
}
