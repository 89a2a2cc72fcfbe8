import { Alert, Button, Card, Checkbox, Group, Loader, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, roles } from '../../../../contract/enums';
import { http } from '../../api/http';
import type { SecuritySettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { sessionKey } from '../../hooks/session';
import { CertificateSignatoriesCard } from './CertificateSignatoriesCard';
import { SsoSettingsCard } from './SsoSettingsCard';
import { useSettingSave } from './useSettingSave';

const settingsKey = ['settings', 'security'] as const;

export function SecuritySettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => http.get('/settings/security', { signal }),
  });

  return (
    <Stack gap="lg" maw={760}>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      {settings.isPending && <Loader aria-label={t('common.loading')} />}
      {settings.isError && <ErrorAlert error={settings.error} />}
      {settings.data && <SecuritySettingsForm saved={settings.data} />}
      <SsoSettingsCard />
      <CertificateSignatoriesCard />
    </Stack>
  );
}

function SecuritySettingsForm({ saved }: { saved: SecuritySettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [required, setRequired] = useState<Role[]>(saved.mfaRequiredRoles);
  const changed = required.length !== saved.mfaRequiredRoles.length || required.some((r) => !saved.mfaRequiredRoles.includes(r));

  const { save, submit } = useSettingSave({
    queryKey: settingsKey,
    send: () =>
      http.put('/settings/security', {
        // In the order of the role list, so the stored setting and the audit entry read the same way.
        mfaRequiredRoles: roles.filter((role) => required.includes(role)),
      }),
    savedMessage: t('security.saved'),
    onSaved: async (result) => {
      setRequired(result.mfaRequiredRoles);
      // The admin's own `mfaRequired` may have changed.
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });

  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit}>
        <Stack>
          <Checkbox.Group
            label={t('security.mfaRequired')}
            description={t('security.mfaRequiredHelp')}
            value={required}
            onChange={(values) => setRequired(values as Role[])}
          >
            <Stack gap="sm" mt="sm">
              {roles.map((role) => (
                <Checkbox key={role} value={role} label={t(`roles.${role}`)} data-testid={`mfa-required-${role}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Alert color="blue" icon={<IconInfoCircle size={18} />}>
            <Text size="sm">{t('security.effect')}</Text>
          </Alert>
          {save.isError && <ErrorAlert error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!changed} data-testid="security-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
