import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { pick } from '../../api/curriculum';
import { DetailCard } from '../../components/DetailCard';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { OfficialFormModal } from './OfficialFormModal';
import { displayName, type Official, officialQuery, ownOfficialQuery } from './registry';

const route = getRouteApi('/app/officials/$id');

export function OfficialPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const official = useQuery(officialQuery(id));
  return (
    <RecordPage
      back={{ to: '/officials', label: t('registry.official.back') }}
      query={official}
      notFound={{ title: t('registry.official.notFoundTitle'), body: t('registry.official.notFoundBody') }}
    >
      {(data) => <OfficialDetail official={data} editable />}
    </RecordPage>
  );
}

/** A participant's own record. */
export function MyRecordPage() {
  const { t } = useTranslation();
  const official = useQuery(ownOfficialQuery);
  return (
    <Stack gap="lg">
      {official.isPending && <Loader aria-label={t('common.loading')} />}
      {official.isError &&
        (official.error instanceof ApiError && official.error.code === 'NOT_FOUND' ? (
          <>
            <PageHeader title={t('registry.myRecord.title')} />
            <Alert color="gray" title={t('registry.myRecord.notLinkedTitle')}>
              {t('registry.myRecord.notLinkedBody')}
            </Alert>
          </>
        ) : (
          <ErrorAlert error={official.error} />
        ))}
      {official.data && <OfficialDetail official={official.data} editable={false} />}
    </Stack>
  );
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Th w="38%" fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td data-testid={testId}>{children ?? '—'}</Table.Td>
    </Table.Tr>
  );
}

function OfficialDetail({ official, editable }: { official: Official; editable: boolean }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const can = useCan();
  const lang = currentLanguage();
  const [editing, setEditing] = useState(false);
  const memberStates = useMemberStates();
  const stateName = memberStates.nameOf(official.stateIso2);
  const stateOptions = memberStates.options;
  const canEdit = editable && can('registry.write') && !official.mergedIntoId;
  const dash = (value: string | null) => value ?? '—';

  return (
    <>
      <PageHeader
        title={displayName(official)}
        description={
          <Group gap="xs" component="span">
            {official.nameOriginal && (
              <span dir="auto" data-testid="official-name-original">
                {official.nameOriginal}
              </span>
            )}
            <Badge variant="light" component="span">
              {stateName}
            </Badge>
            <Badge variant="outline" color="gray" component="span" leftSection={<IconLock size={12} aria-hidden />}>
              {t('registry.official.confidential')}
            </Badge>
          </Group>
        }
        actions={
          canEdit && (
            <Button leftSection={<IconEdit size={18} aria-hidden />} onClick={() => setEditing(true)} data-testid="official-edit">
              {t('registry.official.edit')}
            </Button>
          )
        }
      />
      {official.mergedIntoId && (
        <Alert color="yellow" title={t('registry.official.mergedTitle')}>
          <Anchor component={Link} to={`/officials/${official.mergedIntoId}`}>
            {t('registry.official.mergedLink')}
          </Anchor>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DetailCard title={t('registry.official.identity')}>
          <Field label={t('registry.fields.familyName')} testId="official-familyName">
            {official.familyName}
          </Field>
          <Field label={t('registry.fields.givenNames')}>{official.givenNames}</Field>
          <Field label={t('registry.fields.nameOriginal')}>
            {official.nameOriginal ? <span dir="auto">{official.nameOriginal}</span> : '—'}
          </Field>
          <Field label={t('registry.fields.sex')}>{t(`registry.sex.${official.sex}`)}</Field>
          <Field label={t('registry.fields.birthDate')}>{official.birthDate ? formatDay(official.birthDate) : '—'}</Field>
          <Field label={t('registry.fields.languages')}>
            {official.languages.length > 0 ? (
              <Group gap={4}>
                {official.languages.map((l) => (
                  <Badge key={l} variant="light" color="gray">
                    {l}
                  </Badge>
                ))}
              </Group>
            ) : (
              '—'
            )}
          </Field>
        </DetailCard>
        <DetailCard title={t('registry.official.work')}>
          <Field label={t('registry.fields.state')}>{stateName}</Field>
          <Field label={t('registry.fields.agency')} testId="official-agency">
            {official.agency ? `${official.agency.name}${official.agency.acronym ? ` (${official.agency.acronym})` : ''}` : '—'}
          </Field>
          <Field label={t('registry.fields.rank')}>{dash(official.rank)}</Field>
          <Field label={t('registry.fields.position')}>{dash(official.position)}</Field>
          <Field label={t('registry.fields.email')}>{official.email ? <Ltr>{official.email}</Ltr> : '—'}</Field>
          <Field label={t('registry.fields.phone')}>{official.phone ? <Ltr>{official.phone}</Ltr> : '—'}</Field>
        </DetailCard>
      </SimpleGrid>
      {official.notes && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('registry.fields.notes')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }} dir="auto">
            {official.notes}
          </Text>
        </Card>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('registry.official.nominations')}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="official-nominations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('registry.nominations.session')}</Table.Th>
                <Table.Th>{t('registry.nominations.course')}</Table.Th>
                <Table.Th>{t('registry.nominations.dates')}</Table.Th>
                <Table.Th>{t('registry.nominations.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {official.nominations.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td>
                    <Ltr>{n.sessionCode}</Ltr>
                  </Table.Td>
                  <Table.Td>{pick(n.courseTitle, lang).text}</Table.Td>
                  <Table.Td>
                    {formatDay(n.startDate)} – {formatDay(n.endDate)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`registry.nominationStatus.${n.status}`, { defaultValue: n.status })}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
              {official.nominations.length === 0 && (
                <EmptyTableRow colSpan={4}>{t('registry.official.noNominations')}</EmptyTableRow>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <OfficialFormModal official={official} opened={editing} stateOptions={stateOptions} onClose={() => setEditing(false)} />
    </>
  );
}
