import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';

/**
 * Administration screens (users, audit log, outbox, security settings): whoever holds none of their
 * permissions gets an explanation instead (the API refuses them anyway).
 */
export function AdminGuard() {
  const can = useCan();
  if (!can('users.manage') && !can('audit.read') && !can('outbox.manage') && !can('settings.manage')) return <AccessDenied />;
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
