import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Locale, MatrixBasis, OrganisationKind } from '../../../../contract/enums';
import { type ApiResponse, http } from '../../api/http';
import { regionName } from '../../i18n/format';

export type OrganisationListItem = ApiResponse<'/api/organisations'>['items'][number];
export type OrganisationDetail = ApiResponse<'/api/organisations/{id}'>;
/** A sum in one currency, as an exact decimal string: never added across currencies. */
export type CurrencyTotal = OrganisationDetail['totals'][number];
export type Contact = ApiResponse<'/api/organisations/{id}/contacts'>['items'][number];
export type Agreement = ApiResponse<'/api/organisations/{id}/agreements'>['items'][number];
export type ContributionList = ApiResponse<'/api/contributions'>;
export type Contribution = ContributionList['items'][number];
export type ProgrammeRef = Contribution['programme'];
export type OrganisationSession = ApiResponse<'/api/organisations/{id}/sessions'>['items'][number];
export type Matrix = ApiResponse<'/api/partners/matrix'>;
type Organisation = Matrix['partners'][number];

export type OrganisationFilters = { kind?: OrganisationKind; q?: string; country?: string };
export type ContributionFilters = {
  organisationId?: string;
  programmeId?: string;
  currency?: string;
  earmarked?: 'true' | 'false';
  year?: number;
};
export type MatrixFilters = {
  fromYear?: number;
  toYear?: number;
  programmeId?: string;
  kind?: OrganisationKind;
  organisationId?: string;
  basis?: MatrixBasis;
  stateIso2?: string;
  theme?: string;
  overlapsOnly?: 'true';
};

export const partnersKey = ['partners'] as const;

export const organisationsQuery = (filters: OrganisationFilters) =>
  queryOptions({
    queryKey: ['partners', 'organisations', filters],
    queryFn: ({ signal }) => http.get('/organisations', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const organisationQuery = (id: string) =>
  queryOptions({
    queryKey: ['partners', 'organisation', id],
    queryFn: ({ signal }) => http.get(`/organisations/${encodeURIComponent(id)}`, { signal }),
  });

export const myOrganisationQuery = queryOptions({
  queryKey: ['partners', 'my-organisation'],
  queryFn: ({ signal }) => http.get('/my-organisation', { signal }),
});

export const contactsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: ['partners', 'contacts', organisationId],
    queryFn: ({ signal }) => http.get(`/organisations/${organisationId}/contacts`, { signal }),
  });

export const agreementsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: ['partners', 'agreements', organisationId],
    queryFn: ({ signal }) => http.get(`/organisations/${organisationId}/agreements`, { signal }),
  });

export const contributionsQuery = (filters: ContributionFilters) =>
  queryOptions({
    queryKey: ['partners', 'contributions', filters],
    queryFn: ({ signal }) => http.get('/contributions', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const organisationSessionsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: ['partners', 'sessions', organisationId],
    queryFn: ({ signal }) => http.get(`/organisations/${organisationId}/sessions`, { signal }),
  });

export const matrixQuery = (filters: MatrixFilters) =>
  queryOptions({
    queryKey: ['partners', 'matrix', filters],
    queryFn: ({ signal }) => http.get('/partners/matrix', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

/** The CSV export of the matrix with the same filters, downloaded by the browser with the session cookie. */
export function matrixCsvHref(filters: MatrixFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return `/api/partners/matrix.csv${query ? `?${query}` : ''}`;
}

export const organisationLabel = (o: Pick<Organisation, 'name' | 'acronym'>): string =>
  o.acronym && o.acronym !== o.name ? `${o.acronym} — ${o.name}` : o.name;

const intlLocales: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-u-nu-latn', pt: 'pt-PT' };

/**
 * An exact decimal amount in its currency, the reader's way ("€1,250,000.35", "1 250 000,35 €").
 * The string goes to Intl as it is: no float ever holds the amount.
 */
export function formatMoney(amount: string, currency: string, lang: Locale): string {
  const format = new Intl.NumberFormat(intlLocales[lang], { style: 'currency', currency, currencyDisplay: 'code' });
  // Intl formats decimal strings exactly (ECMA-402 2023); its types still say number.
  return format.format(amount as unknown as number);
}

/** A country's name in the reader's language, from its ISO 3166 code (shared with the library). */
export const countryName = regionName;

/** Colours of the matrix cells: a cell where partners overlap stands out. */
export const OVERLAP_COLOUR = 'orange';
