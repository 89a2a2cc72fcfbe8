import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowForwardUp, IconEdit, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { LocalisedTextView } from '../../components/LocalisedText';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { useCan } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { ActionCells } from './ActionBadges';
import { ActionFormModal } from './ActionFormModal';
import { CarryModal } from './CarryModal';
import { FollowThroughFigure } from './FollowThroughFigure';
import { RecommendationFormModal } from './RecommendationFormModal';
import {
  type Action,
  type EditionSummary,
  editionActionsQuery,
  editionSummaryQuery,
  type RecommendationList,
  recommendationsQuery,
} from './recommendations';

const route = getRouteApi('/app/recommendations/editions/$id');

type Edition = EditionSummary;
type Recommendation = RecommendationList['items'][number];

/** The day twelve months after `day`, as the server defaults an action's due date. */
function twelveMonthsAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dayOfMonth = m === 2 && d === 29 && !leap(y + 1) ? 28 : d;
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

/** An edition's recommendations, each with its actions; officers record, edit and carry them. */
export function EditionRecommendationsPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const edition = useQuery(editionSummaryQuery(id));
  return (
    <RecordPage
      back={{ to: '/recommendations', label: t('recommendations.back') }}
      query={edition}
      notFound={{ body: t('recommendations.editionNotFound') }}
    >
      {(data) => <EditionView edition={data} />}
    </RecordPage>
  );
}

function EditionView({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const can = useCan();
  const canWrite = can('recommendations.write');
  const recommendations = useQuery(recommendationsQuery({ editionId: edition.edition.id }));
  const actions = useQuery(editionActionsQuery(edition.edition.id));
  const [editing, setEditing] = useState<Recommendation | null>(null);
  const [creating, setCreating] = useState(false);
  const [addingTo, setAddingTo] = useState<string | null>(null);
  const [carrying, setCarrying] = useState<string | null>(null);
  const actionsOf = (recommendationId: string) =>
    (actions.data?.items ?? []).filter((a) => a.recommendation.id === recommendationId);
  const title = t('recommendations.editionTitle', {
    number: edition.edition.number,
    city: edition.edition.city,
    year: edition.edition.year,
  });

  return (
    <>
      <PageHeader
        title={title}
        description={`${formatDay(edition.startDate)} – ${formatDay(edition.endDate)}`}
        actions={
          <Group gap="xs">
            <Button component={Link} to={`/meetings/${edition.edition.id}`} variant="default">
              {t('recommendations.meetingPage')}
            </Button>
            {canWrite && (
              <Button
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => setCreating(true)}
                data-testid="recommendation-create"
              >
                {t('recommendations.create')}
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="lg">
        <FollowThroughFigure
          figure={edition.followThrough}
          scope={t('recommendations.followThrough.scopeEdition', { number: edition.edition.number })}
        />
        {recommendations.data?.items.length === 0 && <Text c="dimmed">{t('recommendations.noneInEdition')}</Text>}
        {recommendations.data?.items.map((r) => (
          <Card key={r.id} withBorder data-testid={`recommendation-${r.number}`}>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start" gap="xs">
                <Stack gap={4} style={{ flex: 1, minWidth: 240 }}>
                  <Title order={2} size="h4">
                    {t('recommendations.recommendationNumber', { number: r.number })}
                  </Title>
                  <Text component="div">
                    <LocalisedTextView field={r.text} />
                  </Text>
                  <Group gap={4}>
                    {r.pillars.map((p) => (
                      <Badge key={p} variant="light" color="indigo" title={t('recommendations.fields.pillars')}>
                        {t('recommendations.pillar', { code: p })}
                      </Badge>
                    ))}
                    {r.resolutions.map((n) => (
                      <Badge key={n} variant="outline" color="gray" title={t('recommendations.fields.resolutions')}>
                        {t('recommendations.resolution', { number: n })}
                      </Badge>
                    ))}
                  </Group>
                  {r.carriedFrom && (
                    <Text size="sm">
                      <Anchor component={Link} to={`/recommendations/editions/${r.carriedFrom.edition.id}`}>
                        {t('recommendations.carriedFrom', {
                          number: r.carriedFrom.number,
                          edition: r.carriedFrom.edition.number,
                        })}
                      </Anchor>
                    </Text>
                  )}
                  {r.carriedTo && (
                    <Text size="sm">
                      <Anchor component={Link} to={`/recommendations/editions/${r.carriedTo.edition.id}`}>
                        {t('recommendations.carriedTo', { number: r.carriedTo.number, edition: r.carriedTo.edition.number })}
                      </Anchor>
                    </Text>
                  )}
                </Stack>
                {canWrite && (
                  <Group gap="xs">
                    <Button
                      variant="default"
                      size="xs"
                      leftSection={<IconEdit size={16} aria-hidden />}
                      onClick={() => setEditing(r)}
                      data-testid="recommendation-edit"
                    >
                      {t('recommendations.edit')}
                    </Button>
                    <Button
                      variant="light"
                      size="xs"
                      leftSection={<IconPlus size={16} aria-hidden />}
                      onClick={() => setAddingTo(r.id)}
                      data-testid="action-create"
                    >
                      {t('recommendations.addAction')}
                    </Button>
                    <Button
                      variant="light"
                      color="violet"
                      size="xs"
                      leftSection={<IconArrowForwardUp size={16} aria-hidden />}
                      onClick={() => setCarrying(r.id)}
                      data-testid="recommendation-carry"
                    >
                      {t('recommendations.carry.button')}
                    </Button>
                  </Group>
                )}
              </Group>
              <ActionsTable actions={actionsOf(r.id)} />
            </Stack>
          </Card>
        ))}
      </Stack>
      <RecommendationFormModal
        recommendation={editing}
        editionId={edition.edition.id}
        opened={creating || editing !== null}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
      <ActionFormModal
        recommendationId={addingTo ?? ''}
        defaultDueDate={twelveMonthsAfter(edition.endDate)}
        action={null}
        opened={addingTo !== null}
        onClose={() => setAddingTo(null)}
      />
      <CarryModal recommendationId={carrying} onClose={() => setCarrying(null)} />
    </>
  );
}

function ActionsTable({ actions }: { actions: Action[] }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="actions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recommendations.fields.action')}</Table.Th>
            <Table.Th>{t('recommendations.fields.owner')}</Table.Th>
            <Table.Th>{t('recommendations.fields.dueDate')}</Table.Th>
            <Table.Th>{t('recommendations.fields.status')}</Table.Th>
            <Table.Th>{t('recommendations.fields.evidence')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {actions.map((a) => (
            <Table.Tr key={a.id} data-testid="action-row">
              <ActionCells action={a} />
              <Table.Td>{formatNumber(a.evidenceCount)}</Table.Td>
            </Table.Tr>
          ))}
          {actions.length === 0 && <EmptyTableRow colSpan={5}>{t('recommendations.noActions')}</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
