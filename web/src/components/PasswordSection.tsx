import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../api/http';
import { sessionKey, useMe } from '../hooks/session';
import { ErrorAlert } from './ErrorAlert';
import { NewPasswordFields, newPasswordErrors } from './NewPasswordFields';

export function PasswordSection() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState({ next: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);

  const change = useMutation({
    mutationFn: () => http.post('/me/password', { currentPassword: current, newPassword: fresh.next }),
    onSuccess: async () => {
      setCurrent('');
      setFresh({ next: '', repeat: '' });
      setSubmitted(false);
      notifications.show({ color: 'green', message: t('account.password.changed') });
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });

  const errors = {
    current: current === '' ? t('common.required') : null,
    ...newPasswordErrors(t, fresh),
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
          <NewPasswordFields value={fresh} onChange={setFresh} showErrors={submitted} />
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
