import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/PageHeader';
import { useMe } from '../auth/session';

/** Administration screens: other roles get an explanation instead (the API refuses them anyway). */
export function AdminGuard() {
  const me = useMe();
  if (me.role !== 'admin') return <AccessDenied />;
  return <Outlet />;
}

function AccessDenied() {
  const { t } = useTranslation();
  useDocumentTitle(t('errors.accessDeniedTitle'));
  return (
    <Alert color="red" icon={<IconLock size={18} />} title={t('errors.accessDeniedTitle')}>
      {t('errors.accessDeniedBody')}
    </Alert>
  );
}
