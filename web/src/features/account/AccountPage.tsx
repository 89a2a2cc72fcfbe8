import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { PasswordSection } from '../../components/PasswordSection';
import { ProfileSection } from './ProfileSection';
import { TwoFactorSection } from './TwoFactorSection';

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={760}>
      <PageHeader title={t('account.title')} description={t('account.description')} />
      <ProfileSection />
      <PasswordSection />
      <TwoFactorSection />
    </Stack>
  );
}
