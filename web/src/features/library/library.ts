import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { LibraryItemType, Locale } from '../../../../contract/enums';
import { type ApiResponse, http } from '../../api/http';
import type { Can } from '../../api/types';
import { canOf, sessionQuery } from '../../hooks/session';

export type LibraryList = ApiResponse<'/api/library/items'>;
export type LibraryListItem = LibraryList['items'][number];
export type FacetName = keyof LibraryList['facets'];
export type Snippet = NonNullable<LibraryListItem['snippet']>;
export type LibraryItem = ApiResponse<'/api/library/items/{id}'>;
export type LibraryFile = LibraryItem['files'][number];
export type Submission = ApiResponse<'/api/library/submissions'>['items'][number];

/** The filters of the library page, as the address bar keeps them. */
export type LibrarySearch = {
  q?: string;
  type?: LibraryItemType;
  language?: Locale;
  pillar?: string;
  year?: number;
  state?: string;
  page?: number;
};

export const PAGE_SIZE = 20;
export const facetNames: FacetName[] = ['type', 'language', 'pillar', 'year', 'state'];

/**
 * The items the reader may see, searched and filtered. `lang` asks for titles and snippets in the
 * interface language: the server uses it for a reader who is not signed in (docs/api.md).
 */
export const libraryQuery = ({ page, ...filters }: LibrarySearch, lang: Locale) =>
  queryOptions({
    queryKey: ['library', 'items', filters, page ?? 1, lang],
    queryFn: ({ signal }) =>
      http.get('/library/items', {
        query: { ...filters, lang, limit: PAGE_SIZE, offset: ((page ?? 1) - 1) * PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export const libraryItemQuery = (id: string, lang: Locale) =>
  queryOptions({
    queryKey: ['library', 'item', id, lang],
    queryFn: ({ signal }) => http.get(`/library/items/${encodeURIComponent(id)}`, { query: { lang }, signal }),
  });

/** Where a file is downloaded (always as an attachment: the server never serves it inline). */
export const fileUrl = (itemId: string, fileId: string) =>
  `/api/library/items/${encodeURIComponent(itemId)}/files/${encodeURIComponent(fileId)}`;

/** The languages an item exists in: those of its title, summary or files, in the catalogue's order. */
export function itemLanguages(item: LibraryItem): Locale[] {
  const present = new Set<Locale>(item.files.map((f) => f.language));
  for (const field of [item.title, item.summary]) {
    for (const [lang, text] of Object.entries(field.values)) if (text?.trim()) present.add(lang as Locale);
  }
  return (['en', 'fr', 'ar', 'pt'] as const).filter((l) => present.has(l));
}

/** What the reader may do; nothing for a reader who is not signed in (the library is open to them too). */
export function useReaderCan(): Can {
  const { data } = useQuery(sessionQuery);
  return canOf(data?.stage === 'full' ? data.permissions : []);
}

export const submissionsQuery = queryOptions({
  queryKey: ['library', 'submissions'],
  queryFn: ({ signal }) => http.get('/library/submissions', { signal }),
});
