import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconUsersMinus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { FormActions } from '../../components/forms/FormActions';
import { PageHeader } from '../../components/PageHeader';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import {
  type CandidatePair,
  DUPLICATES_PAGE_SIZE,
  duplicatesQuery,
  isEvidenceAgainst,
  markDistinct,
  mergeOfficials,
} from './duplicates';

const route = getRouteApi('/app/duplicates');

type Card = CandidatePair['first'];

function OfficialCard({ official, title }: { official: Card; title: string }) {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const rows: [string, string | null][] = [
    [t('quality.duplicates.fields.familyName'), official.familyName],
    [t('quality.duplicates.fields.givenNames'), official.givenNames],
    [t('quality.duplicates.fields.nameOriginal'), official.nameOriginal],
    [t('quality.duplicates.fields.sex'), t(`quality.sex.${official.sex}`)],
    [t('quality.duplicates.fields.birthDate'), official.birthDate ? formatDay(official.birthDate) : null],
    [t('quality.duplicates.fields.agency'), official.agency ? (official.agency.acronym ?? official.agency.name) : null],
    [t('quality.duplicates.fields.rank'), official.rank],
    [t('quality.duplicates.fields.email'), official.email],
    [t('quality.duplicates.fields.phone'), official.phone],
    [t('quality.duplicates.fields.nominations'), formatNumber(official.nominationCount)],
  ];
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" mb={4}>
        {title}
      </Text>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Td w="40%">
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={label === rows[0]?.[0] ? 600 : undefined}>
                  <bdi>{value ?? '—'}</bdi>
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function MergeModal({ pair, onClose, onDone }: { pair: CandidatePair; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const [survivor, setSurvivor] = useState<'first' | 'second'>(
    pair.second.nominationCount > pair.first.nominationCount ? 'second' : 'first',
  );
  const [reason, setReason] = useState('');
  const merge = useMutation({
    mutationFn: () =>
      mergeOfficials({
        survivorId: survivor === 'first' ? pair.first.id : pair.second.id,
        absorbedId: survivor === 'first' ? pair.second.id : pair.first.id,
        reason,
      }),
    onSuccess: (result) => {
      notifications.show({
        color: 'green',
        message: t('quality.duplicates.merged', {
          moved: formatNumber(result.movedNominations),
          conflicts: formatNumber(result.conflicts.length),
        }),
      });
      onDone();
    },
  });
  const name = (o: Card) => `${o.familyName} ${o.givenNames}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    merge.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('quality.duplicates.mergeTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit}>
        <Stack>
          <Radio.Group
            label={t('quality.duplicates.keepWhich')}
            description={t('quality.duplicates.keepHelp')}
            value={survivor}
            onChange={(v) => setSurvivor(v as 'first' | 'second')}
          >
            <Stack gap="xs" mt="xs">
              <Radio
                value="first"
                label={`${t('quality.duplicates.recordA')}: ${name(pair.first)}`}
                data-testid="merge-keep-first"
              />
              <Radio
                value="second"
                label={`${t('quality.duplicates.recordB')}: ${name(pair.second)}`}
                data-testid="merge-keep-second"
              />
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('quality.duplicates.reason')}
            description={t('quality.duplicates.reasonHelp')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            minLength={3}
            autosize
            minRows={2}
            data-testid="merge-reason"
          />
          {merge.isError && <ErrorAlert error={merge.error} />}
          <FormActions onCancel={onClose}>
            <Button type="submit" color="red" loading={merge.isPending} data-testid="merge-confirm">
              {t('quality.duplicates.mergeConfirm')}
            </Button>
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}

export function DuplicatesPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const _lang = currentLanguage();
  const page = search.page ?? 1;
  const [merging, setMerging] = useState<CandidatePair | null>(null);

  const memberStates = useMemberStates();
  const list = useQuery(duplicatesQuery({ stateIso2: search.state, page }));
  const stateOptions = memberStates.options;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['duplicates'] });
  const distinct = useMutation({
    mutationFn: (pair: CandidatePair) => markDistinct({ firstId: pair.first.id, secondId: pair.second.id }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('quality.duplicates.markedDistinct') });
      refresh();
    },
    onError: (error) => notifications.show({ color: 'red', message: describeError(t, error) }),
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / DUPLICATES_PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader title={t('quality.duplicates.title')} description={t('quality.duplicates.description')} />
      <Group align="flex-end" mb="md">
        <FilterSelect
          label={t('quality.duplicates.state')}
          any={t('quality.duplicates.allStates')}
          data={stateOptions}
          value={search.state}
          onChange={(value) => void navigate({ search: { state: value ?? undefined, page: undefined } })}
          searchable
          width={300}
          data-testid="duplicates-state"
        />
        {list.data && (
          <Text size="sm" c="dimmed" data-testid="duplicates-summary">
            {t('quality.duplicates.summary', {
              pairs: formatNumber(list.data.total),
              compared: formatNumber(list.data.compared),
              seconds: formatNumber(Math.round(list.data.elapsedMs / 100) / 10),
            })}
          </Text>
        )}
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && list.data.items.length === 0 && <Alert color="gray">{t('quality.duplicates.none')}</Alert>}
      <Stack>
        {list.data?.items.map((pair) => (
          <Paper key={`${pair.first.id}-${pair.second.id}`} withBorder p="md" data-testid="duplicate-pair">
            <Group justify="space-between" mb="sm" wrap="wrap">
              <Group gap="xs">
                <Title order={3} size="h5">
                  {t('quality.duplicates.score', { score: formatNumber(Math.round(pair.score * 100)) })}
                </Title>
                {pair.reasons.map((reason) => (
                  <Badge key={reason} variant="light" color={isEvidenceAgainst(reason) ? 'orange' : 'blue'}>
                    {t(`quality.reasons.${reason}`)}
                  </Badge>
                ))}
              </Group>
              <Group gap="xs">
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconUsersMinus size={16} aria-hidden />}
                  loading={distinct.isPending && distinct.variables === pair}
                  onClick={() => distinct.mutate(pair)}
                  data-testid="pair-distinct"
                >
                  {t('quality.duplicates.distinct')}
                </Button>
                <Button
                  size="xs"
                  color="red"
                  leftSection={<IconArrowsJoin size={16} aria-hidden />}
                  onClick={() => setMerging(pair)}
                  data-testid="pair-merge"
                >
                  {t('quality.duplicates.merge')}
                </Button>
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <OfficialCard official={pair.first} title={t('quality.duplicates.recordA')} />
              <OfficialCard official={pair.second} title={t('quality.duplicates.recordB')} />
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
      {pages > 1 && (
        <Group justify="center" mt="md">
          <Button variant="default" disabled={page <= 1} onClick={() => void navigate({ search: { ...search, page: page - 1 } })}>
            {t('quality.previous')}
          </Button>
          <Text size="sm">{t('quality.pageOf', { page: formatNumber(page), pages: formatNumber(pages) })}</Text>
          <Button
            variant="default"
            disabled={page >= pages}
            onClick={() => void navigate({ search: { ...search, page: page + 1 } })}
          >
            {t('quality.next')}
          </Button>
        </Group>
      )}
      {merging && (
        <MergeModal
          pair={merging}
          onClose={() => setMerging(null)}
          onDone={() => {
            setMerging(null);
            refresh();
            void queryClient.invalidateQueries({ queryKey: ['officials'] });
          }}
        />
      )}
    </>
  );
}
