import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LocalisedTextView } from '../../components/LocalisedText';
import { RecordPage } from '../../components/RecordPage';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { AgendaTab } from './AgendaTab';
import { BadgesTab } from './BadgesTab';
import { DelegationsTab } from './DelegationsTab';
import { DocumentsTab } from './DocumentsTab';
import { EditionFormModal } from './EditionFormModal';
import { documentsQuery, type Edition, type EditionTab, editionQuery, statusColours, tabsFor } from './meetings';

const route = getRouteApi('/app/meetings/$id');

/** One edition: overview, then (as the reader's role allows) delegations, agenda, documents and badges. */
export function EditionPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const edition = useQuery(editionQuery(id));
  return (
    <RecordPage back={{ to: '/meetings', label: t('meetings.back') }} query={edition} notFound={{ body: t('meetings.notFound') }}>
      {(data) => <EditionView edition={data} />}
    </RecordPage>
  );
}

function EditionView({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [editing, setEditing] = useState(false);
  const tabs = tabsFor(can);
  const tab: EditionTab = search.tab && tabs.includes(search.tab) ? search.tab : 'overview';
  // Only the open tab is mounted (and fetches): a slow link loads what the reader looks at.
  return (
    <>
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={4}>
          <Title order={1} size="h2" data-testid="edition-title">
            {t('meetings.edition.name', { number: edition.number, city: edition.city })}
          </Title>
          <Group gap="xs">
            <Badge color={statusColours[edition.status]} variant="filled" data-testid="edition-status">
              {t(`meetings.statuses.${edition.status}`)}
            </Badge>
          </Group>
        </Stack>
        {can('meetings.manage') && (
          <Button
            variant="default"
            leftSection={<IconEdit size={18} aria-hidden />}
            onClick={() => setEditing(true)}
            data-testid="edition-edit"
            data-print-hide
          >
            {t('meetings.edition.edit')}
          </Button>
        )}
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => void navigate({ search: { tab: (value ?? 'overview') as EditionTab }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md" data-print-hide>
          {tabs.map((key) => (
            <Tabs.Tab key={key} value={key} data-testid={`edition-tab-${key}`}>
              {t(`meetings.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview edition={edition} />
        </Tabs.Panel>
        {tabs.includes('delegations') && (
          <Tabs.Panel value="delegations">
            <DelegationsTab edition={edition} />
          </Tabs.Panel>
        )}
        {tabs.includes('agenda') && (
          <Tabs.Panel value="agenda">
            <AgendaTab edition={edition} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="documents">
          <DocumentsTab edition={edition} />
        </Tabs.Panel>
        {tabs.includes('badges') && (
          <Tabs.Panel value="badges">
            <BadgesTab edition={edition} />
          </Tabs.Panel>
        )}
      </Tabs>
      <EditionFormModal edition={edition} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </Stack>
  );
}

function Overview({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const states = useMemberStates();
  const documents = useQuery(documentsQuery(edition.id));
  const outcomes = (documents.data?.items ?? []).filter((d) => d.kind === 'outcome');
  const { counts } = edition;
  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Fact label={t('meetings.fields.dates')}>
            {formatDay(edition.startDate)} – {formatDay(edition.endDate)}
          </Fact>
          <Fact label={t('meetings.fields.venue')}>
            {edition.city}, {states.nameOf(edition.countryIso2)}
          </Fact>
          <Fact label={t('meetings.fields.status')}>{t(`meetings.statuses.${edition.status}`)}</Fact>
        </SimpleGrid>
        <Stack gap={2} mt="md">
          <Text size="sm" c="dimmed">
            {t('meetings.fields.theme')}
          </Text>
          <Text fw={600} component="div" data-testid="edition-theme">
            <LocalisedTextView field={edition.theme} />
          </Text>
        </Stack>
      </Paper>
      {counts.delegations !== null && (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {(
            [
              ['delegations', counts.delegations],
              ['delegatesApproved', counts.delegatesApproved],
              ['delegatesPending', counts.delegatesPending],
              ['agendaItems', counts.agendaItems],
            ] as const
          ).map(([key, value]) => (
            <Paper withBorder p="md" key={key}>
              <Text size="sm" c="dimmed">
                {t(`meetings.fields.${key}`)}
              </Text>
              <Text size="xl" fw={700} data-testid={`edition-count-${key}`}>
                {formatNumber(value ?? 0)}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          {t('meetings.outcome.title')}
        </Title>
        {outcomes.length === 0 ? (
          <Text c="dimmed">{documents.isPending ? t('common.loading') : t('meetings.outcome.none')}</Text>
        ) : (
          <Group gap="md">
            {outcomes.map((d) => (
              <Anchor key={d.id} href={`/api/meetings/documents/${d.id}/file`} download={d.fileName} lang={d.language}>
                {d.title} ({languageNames[d.language]})
              </Anchor>
            ))}
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
