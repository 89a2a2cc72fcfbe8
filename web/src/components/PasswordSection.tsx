import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../api/http';
import { sessionKey, useMe } from '../hooks/session';
import { ErrorAlert } from './ErrorAlert';

/** The server's rule (docs/api.md); checked here too so the user learns it before submitting. */
const MIN_PASSWORD_LENGTH = 12;

export function PasswordSection() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const change = useMutation({
    mutationFn: () => http.post('/me/password', { currentPassword: current, newPassword: next }),
    onSuccess: async () => {
      setCurrent('');
      setNext('');
      setRepeat('');
      setSubmitted(false);
      notifications.show({ color: 'green', message: t('account.password.changed') });
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });

  const errors = {
    current: current === '' ? t('common.required') : null,
    next: next.length < MIN_PASSWORD_LENGTH ? t('account.password.tooShort', { min: MIN_PASSWORD_LENGTH }) : null,
    repeat: repeat !== next ? t('account.password.mismatch') : null,
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!errors.current && !errors.next && !errors.repeat) change.mutate();
  };

  return (
    <Card withBorder padding="lg" id="password">
      <Title order={2} size="h4" mb="md">
        {t('account.password.title')}
      </Title>
      {me.mustChangePassword && (
        <Alert
          color="orange"
          icon={<IconKey size={18} />}
          title={t('account.password.mustChangeTitle')}
          mb="md"
          data-testid="must-change-password"
        >
          {t('account.password.mustChangeBody')}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack maw={400}>
          <PasswordInput
            label={t('account.password.current')}
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
            error={submitted && errors.current}
            required
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
          />
          <PasswordInput
            label={t('account.password.new')}
            description={t('account.password.rule', { min: MIN_PASSWORD_LENGTH })}
            autoComplete="new-password"
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            error={submitted && errors.next}
            required
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
          />
          <PasswordInput
            label={t('account.password.repeat')}
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.currentTarget.value)}
            error={submitted && errors.repeat}
            required
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
          />
          {change.isError && (
            <ErrorAlert error={change.error} overrides={{ INVALID_CREDENTIALS: t('account.password.wrongCurrent') }} />
          )}
          <Text size="sm" c="dimmed">
            {t('account.password.sessionsNote')}
          </Text>
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('account.password.submit')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
