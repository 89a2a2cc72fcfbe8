import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../contract/enums';
import type { MemberStateDetail } from '../../api/types';
import { DetailCard } from '../../components/DetailCard';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { stateQuery } from '../../hooks/states';
import { currentLanguage, languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';

const route = getRouteApi('/app/states/$iso2');

export function StatePage() {
  const { t } = useTranslation();
  const { iso2 } = route.useParams();
  const state = useQuery(stateQuery(iso2.toUpperCase()));
  return (
    <RecordPage
      back={{ to: '/states', label: t('state.back') }}
      query={state}
      notFound={{ title: t('state.notFoundTitle'), body: t('state.notFoundBody', { code: iso2 }) }}
    >
      {(data) => <StateDetail state={data} />}
    </RecordPage>
  );
}

function StateDetail({ state }: { state: MemberStateDetail }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const lang = currentLanguage();

  return (
    <>
      <PageHeader
        title={state.names[lang]}
        description={
          <Group gap="xs" component="span">
            <Badge variant="outline" ff="monospace" component="span">
              {state.iso2}
            </Badge>
            <Badge variant="outline" ff="monospace" component="span">
              {state.iso3}
            </Badge>
            <span>{t(`subregions.${state.subregion}`)}</span>
          </Group>
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DetailCard title={t('state.names')}>
          {locales.map((locale) => (
            <Table.Tr key={locale}>
              <Table.Th w="40%" lang={locale}>
                {languageNames[locale]}
              </Table.Th>
              <Table.Td data-testid={`state-name-${locale}`}>
                {/* Each name in its own script direction, aligned with the page's. */}
                <span lang={locale} dir={locale === 'ar' ? 'rtl' : 'ltr'}>
                  {state.names[locale]}
                </span>
              </Table.Td>
            </Table.Tr>
          ))}
        </DetailCard>
        <DetailCard title={t('state.details')}>
          <Table.Tr>
            <Table.Th w="40%">{t('states.iso2')}</Table.Th>
            <Table.Td ff="monospace">{state.iso2}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('states.iso3')}</Table.Th>
            <Table.Td ff="monospace">{state.iso3}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('states.subregion')}</Table.Th>
            <Table.Td>{t(`subregions.${state.subregion}`)}</Table.Td>
          </Table.Tr>
          {state.userCounts && (
            <>
              <Table.Tr>
                <Table.Th>{t('state.focalPoints')}</Table.Th>
                <Table.Td data-testid="state-focal-points">{formatNumber(state.userCounts.focalPoints)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('state.participants')}</Table.Th>
                <Table.Td data-testid="state-participants">{formatNumber(state.userCounts.participants)}</Table.Td>
              </Table.Tr>
            </>
          )}
        </DetailCard>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('state.contacts')}
        </Title>
        {state.contacts === null ? (
          <Alert color="gray" icon={<IconLock size={18} />} data-testid="state-contacts-restricted">
            {t('state.contactsRestricted')}
          </Alert>
        ) : state.contacts.length === 0 ? (
          <Text c="dimmed">{t('state.noContacts')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={400}>
            <Table data-testid="state-contacts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('state.contactName')}</Table.Th>
                  <Table.Th>{t('state.contactEmail')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {state.contacts.map((contact) => (
                  <Table.Tr key={contact.id}>
                    <Table.Td>{contact.displayName}</Table.Td>
                    <Table.Td>
                      <Anchor href={`mailto:${contact.email}`}>
                        <Ltr>{contact.email}</Ltr>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </>
  );
}
