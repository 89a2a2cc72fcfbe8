import { Alert } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useMe } from '../../hooks/session';
import { CertificateTable } from './CertificateTable';
import { certificatesQuery } from './certificates';

/**
 * The certificates in the reader's scope (server/modules/certificates/routes.ts): a participant's
 * own, with their files; a focal point's state's officials; all of them for the office.
 */
export function CertificatesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const self = can('participation.self');
  const list = useQuery(certificatesQuery(useMe().locale));
  const scope = self ? 'own' : can('certificates.issue') ? 'all' : 'state';
  return (
    <>
      <PageHeader title={t(`certificates.page.${scope}.title`)} description={t(`certificates.page.${scope}.description`)} />
      {list.isError && <ErrorAlert error={list.error} />}
      {self && list.data && list.data.items.length === 0 && <Alert color="gray">{t('certificates.page.own.none')}</Alert>}
      {list.data && (!self || list.data.items.length > 0) && <CertificateTable items={list.data.items} holder={!self} course />}
    </>
  );
}
