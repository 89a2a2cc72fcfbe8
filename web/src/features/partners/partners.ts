import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Locale } from '../../api/types';
import type { LocalisedField, Organisation, OrganisationKind } from '../curriculum/curriculum';

export { type Organisation, type OrganisationKind, organisationKinds } from '../curriculum/curriculum';

/** The server's lists (server/db/schema/partners.ts, server/modules/partners/schemas.ts). */
export const agreementKinds = ['mou', 'funding_agreement', 'letter_of_agreement', 'other'] as const;
export type AgreementKind = (typeof agreementKinds)[number];
export type SessionBasis = 'delivering_partner' | 'course_donor' | 'programme_contribution';
export const matrixBases = ['delivered', 'funded'] as const;
export type MatrixBasis = (typeof matrixBases)[number];

export type OrganisationListItem = Organisation & { countryIso2: string | null; seatCity: string | null; website: string | null };

/** A sum in one currency, as an exact decimal string: never added across currencies. */
export type CurrencyTotal = { currency: string; amount: string; earmarked: string; unearmarked: string; contributions: number };

export type OrganisationDetail = OrganisationListItem & {
  description: LocalisedField;
  counts: { contacts: number | null; agreements: number; contributions: number; sessions: number };
  totals: CurrencyTotal[];
  createdAt: string;
  updatedAt: string;
};

export type Contact = {
  id: string;
  organisationId: string;
  fullName: string;
  functionTitle: string | null;
  email: string | null;
  phone: string | null;
};

export type Agreement = {
  id: string;
  organisationId: string;
  title: string;
  kind: AgreementKind;
  signedOn: string | null;
  validFrom: string;
  validTo: string | null;
  document: { name: string; mediaType: string; size: number } | null;
  contributions: number;
};

export type ProgrammeRef = { id: string; code: string; title: LocalisedField; thematicArea: string };

export type Contribution = {
  id: string;
  organisation: Organisation;
  programme: ProgrammeRef;
  amount: string;
  currency: string;
  earmarked: boolean;
  periodFrom: string;
  periodTo: string;
  agreement: { id: string; title: string; kind: AgreementKind } | null;
  note: string | null;
};

export type ContributionList = {
  items: Contribution[];
  totals: {
    byCurrency: CurrencyTotal[];
    byOrganisation: (CurrencyTotal & { organisation: Organisation })[];
    byProgramme: (CurrencyTotal & { programme: ProgrammeRef })[];
  };
};

export type OrganisationSession = {
  id: string;
  code: string;
  status: 'planned' | 'open' | 'closed' | 'completed' | 'cancelled';
  startDate: string;
  endDate: string;
  venueCity: string | null;
  venueCountry: string | null;
  modality: string;
  course: { id: string; code: string; title: LocalisedField; thematicArea: string };
  programme: { id: string; code: string };
  bases: SessionBasis[];
  states: string[];
};

export type Matrix = {
  definition: string;
  states: { iso2: string; name: string }[];
  themes: string[];
  partners: Organisation[];
  cells: {
    stateIso2: string;
    theme: string;
    overlap: boolean;
    partners: { organisationId: string; sessions: number; bases: MatrixBasis[] }[];
  }[];
  overlaps: number;
};

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
    queryFn: ({ signal }) => api.get<{ items: OrganisationListItem[] }>('/organisations', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const organisationQuery = (id: string) =>
  queryOptions({
    queryKey: ['partners', 'organisation', id],
    queryFn: ({ signal }) => api.get<OrganisationDetail>(`/organisations/${encodeURIComponent(id)}`, { signal }),
  });

export const myOrganisationQuery = queryOptions({
  queryKey: ['partners', 'my-organisation'],
  queryFn: ({ signal }) => api.get<OrganisationDetail>('/my-organisation', { signal }),
});

export const contactsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: ['partners', 'contacts', organisationId],
    queryFn: ({ signal }) => api.get<{ items: Contact[] }>(`/organisations/${organisationId}/contacts`, { signal }),
  });

export const agreementsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: ['partners', 'agreements', organisationId],
    queryFn: ({ signal }) => api.get<{ items: Agreement[] }>(`/organisations/${organisationId}/agreements`, { signal }),
  });

export const contributionsQuery = (filters: ContributionFilters) =>
  queryOptions({
    queryKey: ['partners', 'contributions', filters],
    queryFn: ({ signal }) => api.get<ContributionList>('/contributions', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const organisationSessionsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: ['partners', 'sessions', organisationId],
    queryFn: ({ signal }) => api.get<{ items: OrganisationSession[] }>(`/organisations/${organisationId}/sessions`, { signal }),
  });

export const matrixQuery = (filters: MatrixFilters) =>
  queryOptions({
    queryKey: ['partners', 'matrix', filters],
    queryFn: ({ signal }) => api.get<Matrix>('/partners/matrix', { query: filters, signal }),
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

/** A country's name in the reader's language, from its ISO 3166 code. */
export function countryName(iso2: string, lang: Locale): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(iso2) ?? iso2;
  } catch {
    return iso2;
  }
}

/** Colours of the matrix cells: a cell where partners overlap stands out. */
export const OVERLAP_COLOUR = 'orange';
