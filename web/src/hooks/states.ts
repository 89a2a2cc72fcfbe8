import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Subregion } from '../../../contract/enums';
import { http } from '../api/http';
import { currentLanguage } from '../i18n';
import { compareText } from '../i18n/format';

export const statesQuery = (filters: { q?: string; subregion?: Subregion }) =>
  queryOptions({
    queryKey: ['states', 'list', filters],
    queryFn: ({ signal }) => http.get('/states', { query: filters, signal }),
    // The list rarely changes; keep showing the last result while a new search runs.
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });

export const stateQuery = (iso2: string) =>
  queryOptions({
    queryKey: ['states', 'detail', iso2],
    queryFn: ({ signal }) => http.get(`/states/${encodeURIComponent(iso2)}`, { signal }),
  });

/**
 * The member states for pickers and labels, in the reader's language: options sorted by name
 * (with the ISO code, which users type too), and the name of a state by its code.
 */
export function useMemberStates() {
  const states = useQuery(statesQuery({}));
  const lang = currentLanguage();
  const items = states.data?.items ?? [];
  return {
    options: items
      .map((s) => ({ value: s.iso2, label: `${s.names[lang]} (${s.iso2})` }))
      .sort((a, b) => compareText(a.label, b.label)),
    nameOf: (iso2: string) => items.find((s) => s.iso2 === iso2)?.names[lang] ?? iso2,
  };
}
