import { Anchor, Badge, Box, Button, Grid, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconFilter, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryItemType, Locale } from '../../../../contract/enums';
import { pick } from '../../api/curriculum';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageSwitcher } from '../../components/PageSwitcher';
import { currentLanguage, languageNames } from '../../i18n';
import { regionName, useFormat } from '../../i18n/format';
import { ItemFormModal } from './ItemFormModal';
import {
  type FacetName,
  facetNames,
  type LibraryList,
  type LibraryListItem,
  type LibrarySearch,
  libraryQuery,
  PAGE_SIZE,
  type Snippet,
  useReaderCan,
} from './library';

const route = getRouteApi('/open/library');

/** The knowledge library: search, facets with their counts, results with snippets, paging. */
export function LibraryPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const lang = currentLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(q, 300);
  // Any change of the search or a filter starts again at the first page.
  const setFilter = (changes: Partial<LibrarySearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...changes, page: undefined }) });
  useEffect(() => {
    if ((debounced.trim() || undefined) !== search.q) {
      void navigate({ search: (prev) => ({ ...prev, q: debounced.trim() || undefined, page: undefined }) });
    }
  }, [debounced, search.q, navigate]);
  const list = useQuery(libraryQuery(search, lang));
  const page = search.page ?? 1;
  const can = useReaderCan();
  const [creating, setCreating] = useState(false);
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title={t('library.title')}
        description={t('library.description')}
        actions={
          <Group gap="xs">
            {can('library.submissions') && (
              <Button component={Link} to="/library/submissions" variant="default" data-testid="library-submissions">
                {can('library.review') ? t('library.submissions.title') : t('library.submissions.mine')}
              </Button>
            )}
            {can('library.manage') && (
              <Button
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => setCreating(true)}
                data-testid="library-create"
              >
                {t('library.form.createTitle')}
              </Button>
            )}
          </Group>
        }
      />
      <TextInput
        label={t('library.search')}
        placeholder={t('library.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        mb="md"
        maw={640}
        data-testid="library-search"
      />
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 3 }}>
            {/* On a phone the filters fold away above the results; from md they stand beside them. */}
            <Button
              hiddenFrom="md"
              variant="default"
              leftSection={<IconFilter size={16} aria-hidden />}
              onClick={toggleFilters}
              aria-expanded={filtersOpen}
              aria-controls="library-facets"
              data-testid="library-filters-toggle"
            >
              {t('library.filters')}
            </Button>
            <Box id="library-facets" display={{ base: filtersOpen ? 'block' : 'none', md: 'block' }} mt={{ base: 'sm', md: 0 }}>
              <Facets facets={list.data.facets} search={search} onChange={setFilter} />
            </Box>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Stack gap="sm">
              <Text size="sm" c="dimmed" role="status" data-testid="library-total">
                {t('library.count', { count: list.data.total, total: formatNumber(list.data.total) })}
              </Text>
              {list.data.items.map((item) => (
                <Result key={item.id} item={item} />
              ))}
              {list.data.items.length === 0 && (
                <Paper withBorder p="lg">
                  <Text c="dimmed">{t('library.none')}</Text>
                </Paper>
              )}
              {list.data.total > PAGE_SIZE && (
                <PageSwitcher
                  total={Math.ceil(list.data.total / PAGE_SIZE)}
                  value={page}
                  onChange={(p) => void navigate({ search: (prev) => ({ ...prev, page: p > 1 ? p : undefined }) })}
                />
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      <ItemFormModal
        item={null}
        opened={creating}
        onClose={(saved) => {
          setCreating(false);
          if (saved) void navigate({ to: '/library/items/$id', params: { id: saved.id } });
        }}
      />
    </>
  );
}

function Result({ item }: { item: LibraryListItem }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const title = pick(item.title, currentLanguage());
  return (
    <Paper withBorder p="md" data-testid="library-result">
      <Stack gap={6}>
        <Anchor
          component={Link}
          to={`/library/items/${item.id}`}
          fw={600}
          lang={title.lang ?? undefined}
          dir={title.lang === 'ar' ? 'rtl' : undefined}
          data-testid="library-result-title"
        >
          {title.text}
        </Anchor>
        <Group gap={6}>
          <Badge variant="light">{t(`library.types.${item.type}`)}</Badge>
          {item.languages.map((l) => (
            <Badge key={l} variant="outline" color="gray" title={languageNames[l]}>
              {l.toUpperCase()}
            </Badge>
          ))}
          {item.publishedOn && (
            <Text size="xs" c="dimmed">
              {formatDay(item.publishedOn)}
            </Text>
          )}
        </Group>
        {item.snippet && <SnippetText snippet={item.snippet} />}
      </Stack>
    </Paper>
  );
}

/** The runs of a snippet as text, the matching ones marked: React escapes them, no HTML from the server is ever rendered. */
function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <Text size="sm" c="dimmed" data-testid="library-snippet">
      {snippet.map((run, i) =>
        // Runs have no identity of their own; their order is fixed for one answer.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        run.match ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>,
      )}
    </Text>
  );
}

type FacetsProps = {
  facets: LibraryList['facets'];
  search: LibrarySearch;
  onChange: (changes: Partial<LibrarySearch>) => void;
};

/** Each facet's values with the number of matching items; a chosen value narrows the search, chosen again it is cleared. */
function Facets({ facets, search, onChange }: FacetsProps) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const lang = currentLanguage();
  const label = (facet: FacetName, value: string): string => {
    if (facet === 'type') return t(`library.types.${value as LibraryItemType}`);
    if (facet === 'language') return languageNames[value as Locale] ?? value;
    if (facet === 'pillar') return t('library.pillar', { code: value });
    if (facet === 'state') return regionName(value, lang);
    return value;
  };
  const chosen = (facet: FacetName) => (search[facet] === undefined ? undefined : String(search[facet]));
  const choose = (facet: FacetName, value: string) => {
    const next = chosen(facet) === value ? undefined : value;
    onChange({ [facet]: facet === 'year' && next ? Number(next) : next });
  };
  return (
    <Stack gap="md" component="nav" aria-label={t('library.filters')} data-testid="library-facets">
      {facetNames
        .filter((facet) => facets[facet].length > 0)
        .map((facet) => (
          <Stack key={facet} gap={4}>
            <Title order={2} size="h6">
              {t(`library.facets.${facet}`)}
            </Title>
            <Group gap={6}>
              {facets[facet].map(({ value, count }) => {
                const active = chosen(facet) === value;
                return (
                  <Button
                    key={value}
                    size="compact-sm"
                    variant={active ? 'filled' : 'default'}
                    aria-pressed={active}
                    onClick={() => choose(facet, value)}
                    rightSection={
                      <Badge size="xs" variant={active ? 'white' : 'light'} circle={false}>
                        {formatNumber(count)}
                      </Badge>
                    }
                    data-testid={`facet-${facet}-${value}`}
                  >
                    {label(facet, value)}
                  </Button>
                );
              })}
            </Group>
          </Stack>
        ))}
    </Stack>
  );
}
