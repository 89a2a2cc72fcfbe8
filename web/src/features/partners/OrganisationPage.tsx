import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconDownload, IconEdit, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { DetailCard } from '../../components/DetailCard';
import { DetailRow } from '../../components/DetailRow';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { sessionStatusColours } from '../../components/statusColours';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { AgreementFormModal } from './AgreementFormModal';
import { ContactFormModal } from './ContactFormModal';
import { ContributionFormModal } from './ContributionFormModal';
import { ContributionsTable, CurrencyTotals, GroupTotals } from './ContributionsTable';
import { OrganisationFormModal } from './OrganisationFormModal';
import {
  type Agreement,
  agreementsQuery,
  type Contact,
  contactsQuery,
  contributionsQuery,
  countryName,
  myOrganisationQuery,
  type OrganisationDetail,
  organisationQuery,
  organisationSessionsQuery,
} from './partners';
import { DeleteConfirm, RowActions, useDeletion } from './RecordActions';

const route = getRouteApi('/app/partners/$id');

/** An organisation's page (office staff; a partner user sees its own through /my-organisation). */
export function OrganisationPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const organisation = useQuery(organisationQuery(id));
  return (
    <RecordPage
      back={{ to: '/partners', label: t('partners.back') }}
      query={organisation}
      notFound={{ body: t('partners.organisation.notFound') }}
    >
      {(data) => <OrganisationView organisation={data} />}
    </RecordPage>
  );
}

/** A partner user's own organisation. */
export function MyOrganisationPage() {
  const { t } = useTranslation();
  const organisation = useQuery(myOrganisationQuery);
  return (
    <RecordPage
      back={{ to: '/', label: t('partners.backHome') }}
      query={organisation}
      notFound={{ body: t('partners.organisation.noneLinked') }}
    >
      {(data) => <OrganisationView organisation={data} />}
    </RecordPage>
  );
}

function OrganisationView({ organisation }: { organisation: OrganisationDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const canWrite = can('partners.write');
  // Contacts are personal data of the partner's staff: office staff only (the server says so too).
  const showContacts = can('partners.contacts');
  const tabs = [
    { key: 'overview', label: t('partners.tabs.overview') },
    ...(showContacts ? [{ key: 'contacts', label: t('partners.tabs.contacts'), count: organisation.counts.contacts }] : []),
    { key: 'agreements', label: t('partners.tabs.agreements'), count: organisation.counts.agreements },
    { key: 'contributions', label: t('partners.tabs.contributions'), count: organisation.counts.contributions },
    { key: 'sessions', label: t('partners.tabs.sessions'), count: organisation.counts.sessions },
  ];
  return (
    <>
      <PageHeader
        title={
          organisation.acronym && organisation.acronym !== organisation.name
            ? `${organisation.name} (${organisation.acronym})`
            : organisation.name
        }
        description={
          <Badge variant="light" component="span">
            {t(`partners.kinds.${organisation.kind}`)}
          </Badge>
        }
        actions={
          canWrite && (
            <Button
              variant="default"
              leftSection={<IconEdit size={18} aria-hidden />}
              onClick={() => setEditing(true)}
              data-testid="organisation-edit"
            >
              {t('partners.edit')}
            </Button>
          )
        }
      />
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.key} value={tab.key} data-testid={`organisation-tab-${tab.key}`}>
              {tab.label}
              {'count' in tab && typeof tab.count === 'number' && (
                <Badge size="xs" variant="light" color="gray" ms={6} component="span">
                  {tab.count}
                </Badge>
              )}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview organisation={organisation} />
        </Tabs.Panel>
        {showContacts && (
          <Tabs.Panel value="contacts">
            <Contacts organisationId={organisation.id} canWrite={canWrite} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="agreements">
          <Agreements organisationId={organisation.id} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="contributions">
          <Contributions organisationId={organisation.id} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="sessions">
          <Sessions organisationId={organisation.id} />
        </Tabs.Panel>
      </Tabs>
      <OrganisationFormModal organisation={organisation} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

function Overview({ organisation }: { organisation: OrganisationDetail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <DetailCard title={t('partners.tabs.overview')}>
        <DetailRow labelWidth="35%" label={t('partners.fields.kind')}>
          {t(`partners.kinds.${organisation.kind}`)}
        </DetailRow>
        <DetailRow labelWidth="35%" label={t('partners.fields.seat')}>
          {[organisation.seatCity, organisation.countryIso2 ? countryName(organisation.countryIso2, lang) : null]
            .filter(Boolean)
            .join(', ') || '—'}
        </DetailRow>
        <DetailRow labelWidth="35%" label={t('partners.fields.website')}>
          {organisation.website ? (
            <Anchor href={organisation.website} target="_blank" rel="noopener noreferrer">
              <Ltr>{organisation.website}</Ltr>
            </Anchor>
          ) : (
            '—'
          )}
        </DetailRow>
        <DetailRow labelWidth="35%" label={t('partners.fields.description')}>
          <LocalisedTextView field={organisation.description} />
        </DetailRow>
      </DetailCard>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('partners.contributions.totalsTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('partners.contributions.perCurrency')}
        </Text>
        <CurrencyTotals totals={organisation.totals} testId="organisation-totals" />
      </Card>
    </SimpleGrid>
  );
}

function Contacts({ organisationId, canWrite }: { organisationId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const contacts = useQuery(contactsQuery(organisationId));
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const deletion = useDeletion<Contact>((id) => http.delete(`/partner-contacts/${id}`));
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('partners.contacts.personalData')}
        </Text>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')} data-testid="contact-add">
            {t('partners.contacts.add')}
          </Button>
        )}
      </Group>
      {contacts.isError && <ErrorAlert error={contacts.error} />}
      {contacts.data && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped verticalSpacing="sm" data-testid="contacts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('partners.contacts.fullName')}</Table.Th>
                <Table.Th>{t('partners.contacts.functionTitle')}</Table.Th>
                <Table.Th>{t('partners.contacts.email')}</Table.Th>
                <Table.Th>{t('partners.contacts.phone')}</Table.Th>
                {canWrite && <Table.Th w={90} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.fullName}</Table.Td>
                  <Table.Td>{c.functionTitle ?? '—'}</Table.Td>
                  <Table.Td>
                    {c.email ? (
                      <Anchor href={`mailto:${c.email}`}>
                        <Ltr>{c.email}</Ltr>
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{c.phone ? <Ltr>{c.phone}</Ltr> : '—'}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <RowActions onEdit={() => setEditing(c)} onDelete={() => deletion.ask(c)} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              {contacts.data.items.length === 0 && (
                <EmptyTableRow colSpan={canWrite ? 5 : 4}>{t('partners.contacts.none')}</EmptyTableRow>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ContactFormModal
        organisationId={organisationId}
        contact={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <DeleteConfirm
        deletion={deletion}
        title={t('partners.contacts.deleteTitle')}
        body={(contact) => t('partners.contacts.deleteBody', { name: contact.fullName })}
      />
    </Stack>
  );
}

function Agreements({ organisationId, canWrite }: { organisationId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const can = useCan();
  const agreements = useQuery(agreementsQuery(organisationId));
  const [editing, setEditing] = useState<Agreement | 'new' | null>(null);
  const deletion = useDeletion<Agreement>((id) => http.delete(`/partner-agreements/${id}`));
  // Signed documents are for office staff; a partner user sees that one exists.
  const canDownload = can('partners.staff');
  return (
    <Stack>
      {canWrite && (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')} data-testid="agreement-add">
            {t('partners.agreements.add')}
          </Button>
        </Group>
      )}
      {agreements.isError && <ErrorAlert error={agreements.error} />}
      {agreements.data && (
        <Table.ScrollContainer minWidth={860}>
          <Table striped verticalSpacing="sm" data-testid="agreements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('partners.agreements.title')}</Table.Th>
                <Table.Th>{t('partners.agreements.kind')}</Table.Th>
                <Table.Th>{t('partners.agreements.signedOn')}</Table.Th>
                <Table.Th>{t('partners.agreements.validity')}</Table.Th>
                <Table.Th>{t('partners.agreements.document')}</Table.Th>
                <Table.Th>{t('partners.agreements.contributions')}</Table.Th>
                {canWrite && <Table.Th w={90} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agreements.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <span dir="auto">{a.title}</span>
                  </Table.Td>
                  <Table.Td>{t(`partners.agreementKinds.${a.kind}`)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.signedOn ? formatDay(a.signedOn) : '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDay(a.validFrom)} – {a.validTo ? formatDay(a.validTo) : t('partners.agreements.noEnd')}
                  </Table.Td>
                  <Table.Td>
                    {a.document ? (
                      canDownload ? (
                        <Anchor href={`/api/partner-agreements/${a.id}/document`} download size="sm">
                          <Group gap={4} component="span" wrap="nowrap">
                            <IconDownload size={14} aria-hidden />
                            <span>{a.document.name}</span>
                          </Group>
                        </Anchor>
                      ) : (
                        <Text size="sm">{a.document.name}</Text>
                      )
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('partners.agreements.noDocument')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatNumber(a.contributions)}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <RowActions
                        onEdit={() => setEditing(a)}
                        onDelete={() => deletion.ask(a)}
                        deleteBlocked={a.contributions > 0 ? t('partners.rules.agreement_cited') : undefined}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              {agreements.data.items.length === 0 && (
                <EmptyTableRow colSpan={canWrite ? 7 : 6}>{t('partners.agreements.none')}</EmptyTableRow>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AgreementFormModal
        organisationId={organisationId}
        agreement={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <DeleteConfirm
        deletion={deletion}
        title={t('partners.agreements.deleteTitle')}
        body={(agreement) => t('partners.agreements.deleteBody', { title: agreement.title })}
      />
    </Stack>
  );
}

function Contributions({ organisationId, canWrite }: { organisationId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const contributions = useQuery(contributionsQuery({ organisationId }));
  const [adding, setAdding] = useState(false);
  return (
    <Stack>
      {canWrite && (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)} data-testid="contribution-add">
            {t('partners.contributions.add')}
          </Button>
        </Group>
      )}
      {contributions.isError && <ErrorAlert error={contributions.error} />}
      {contributions.data && (
        <>
          <ContributionsTable
            items={contributions.data.items}
            showDonor={false}
            canWrite={canWrite}
            linkDonors={can('partners.staff')}
          />
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              {t('partners.contributions.byProgramme')}
            </Title>
            <GroupTotals
              rows={contributions.data.totals.byProgramme.map((row) => ({
                ...row,
                key: row.programme.id,
                programme: row.programme,
              }))}
            />
          </Card>
        </>
      )}
      <ContributionFormModal
        contribution={null}
        organisationId={organisationId}
        opened={adding}
        onClose={() => setAdding(false)}
      />
    </Stack>
  );
}

function Sessions({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const can = useCan();
  const states = useMemberStates();
  const sessions = useQuery(organisationSessionsQuery(organisationId));
  // Session pages are for those who may read sessions; a partner user sees the list only.
  const linkSessions = can('sessions.read');
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('partners.sessions.definition')}
      </Text>
      {sessions.isError && <ErrorAlert error={sessions.error} />}
      {sessions.data && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="sm" data-testid="organisation-sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('partners.sessions.code')}</Table.Th>
                <Table.Th>{t('partners.sessions.course')}</Table.Th>
                <Table.Th>{t('partners.sessions.dates')}</Table.Th>
                <Table.Th>{t('partners.sessions.status')}</Table.Th>
                <Table.Th>{t('partners.sessions.role')}</Table.Th>
                <Table.Th>{t('partners.sessions.states')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td ff="monospace">
                    {linkSessions ? (
                      <Anchor component={Link} to={`/sessions/${s.id}`}>
                        <Ltr>{s.code}</Ltr>
                      </Anchor>
                    ) : (
                      <Ltr>{s.code}</Ltr>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      <Ltr>{s.course.code}</Ltr>
                    </Text>
                    <Text size="sm" c="dimmed">
                      <LocalisedTextView field={s.course.title} />
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDay(s.startDate)} – {formatDay(s.endDate)}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={sessionStatusColours[s.status]} variant="light">
                      {t(`sessions.statuses.${s.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {s.bases.map((b) => (
                        <Badge key={b} variant="outline" size="sm">
                          {t(`partners.sessions.bases.${b}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{s.states.map((iso2) => states.nameOf(iso2)).join(', ') || '—'}</Table.Td>
                </Table.Tr>
              ))}
              {sessions.data.items.length === 0 && <EmptyTableRow colSpan={6}>{t('partners.sessions.none')}</EmptyTableRow>}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
