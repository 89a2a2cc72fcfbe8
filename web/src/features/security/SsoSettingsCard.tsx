import {
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  PasswordInput,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import type { SsoSettings, SsoSettingsInput } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSettingSave } from './useSettingSave';

const ssoKey = ['settings', 'sso'] as const;

/** The office's OpenID provider: sign-in through it beside local passwords. */
export function SsoSettingsCard() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: ssoKey, queryFn: ({ signal }) => http.get('/settings/sso', { signal }) });
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h4">
          {t('security.sso.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('security.sso.description')}
        </Text>
        {settings.isError && <ErrorAlert error={settings.error} />}
        {settings.data && <SsoSettingsForm saved={settings.data} />}
      </Stack>
    </Card>
  );
}

function SsoSettingsForm({ saved }: { saved: SsoSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ ...saved, clientSecret: '' });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const { save, submit } = useSettingSave({
    queryKey: ssoKey,
    send: () => {
      const body: SsoSettingsInput = {
        enabled: form.enabled,
        displayName: form.displayName,
        issuer: form.issuer,
        clientId: form.clientId,
        domains: form.domains,
        trustProviderMfa: form.trustProviderMfa,
        // Left empty: the stored secret is kept.
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
      };
      return http.put('/settings/sso', body);
    },
    savedMessage: t('security.sso.saved'),
    onSaved: (result) => {
      setForm({ ...result, clientSecret: '' });
      void queryClient.invalidateQueries({ queryKey: ['auth', 'oidc'] });
    },
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <Switch
          label={t('security.sso.enabled')}
          checked={form.enabled}
          onChange={(event) => set('enabled', event.currentTarget.checked)}
          data-testid="sso-enabled"
        />
        <TextInput
          label={t('security.sso.displayName')}
          description={t('security.sso.displayNameHelp')}
          value={form.displayName}
          onChange={(event) => set('displayName', event.currentTarget.value)}
          required
          maxLength={60}
          data-testid="sso-display-name"
        />
        <TextInput
          label={t('security.sso.issuer')}
          description={t('security.sso.issuerHelp')}
          value={form.issuer}
          onChange={(event) => set('issuer', event.currentTarget.value)}
          required
          dir="ltr"
          data-testid="sso-issuer"
        />
        <TextInput
          label={t('security.sso.clientId')}
          value={form.clientId}
          onChange={(event) => set('clientId', event.currentTarget.value)}
          required
          dir="ltr"
          data-testid="sso-client-id"
        />
        <PasswordInput
          label={t('security.sso.clientSecret')}
          description={saved.clientSecretSet ? t('security.sso.clientSecretKept') : t('security.sso.clientSecretHelp')}
          value={form.clientSecret}
          onChange={(event) => set('clientSecret', event.currentTarget.value)}
          autoComplete="off"
          visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
          dir="ltr"
          data-testid="sso-client-secret"
        />
        <TagsInput
          label={t('security.sso.domains')}
          description={t('security.sso.domainsHelp')}
          value={form.domains}
          onChange={(values) => set('domains', values)}
          splitChars={[',', ' ']}
          dir="ltr"
          data-testid="sso-domains"
        />
        <Checkbox
          label={t('security.sso.trustProviderMfa')}
          description={t('security.sso.trustProviderMfaHelp')}
          checked={form.trustProviderMfa}
          onChange={(event) => set('trustProviderMfa', event.currentTarget.checked)}
          data-testid="sso-trust-mfa"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('security.sso.redirectUri')}
          </Text>
          <Code dir="ltr" data-testid="sso-redirect-uri">
            {saved.redirectUri}
          </Code>
        </Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="sso-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
