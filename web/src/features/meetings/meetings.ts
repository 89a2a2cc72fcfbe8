import { queryOptions } from '@tanstack/react-query';
import type {
  AgendaItemKind,
  DelegateStatus,
  DelegationRole,
  EditionStatus,
  Locale,
  MeetingDocumentKind,
} from '../../../../contract/enums';
import { api } from '../../api/client';
import type { Can, Permission } from '../../api/types';
import type { LocalisedField, LocalisedText } from '../curriculum/curriculum';

export type Edition = {
  id: string;
  number: number;
  startDate: string;
  endDate: string;
  city: string;
  countryIso2: string;
  theme: LocalisedField;
  status: EditionStatus;
  /** Null where the reader may not count (partners: no delegation figures). */
  counts: {
    delegations: number | null;
    delegatesApproved: number | null;
    delegatesPending: number | null;
    agendaItems: number | null;
    documents: number;
  };
};

export type EditionInput = {
  number: number;
  startDate: string;
  endDate: string;
  city: string;
  countryIso2: string;
  theme: LocalisedText;
};

export type Delegate = {
  id: string;
  delegationId: string;
  title: string | null;
  givenNames: string;
  familyName: string;
  function: string;
  email: string;
  status: DelegateStatus;
  decisionReason: string | null;
  decidedAt: string | null;
  registeredAt: string;
  /** Office staff only (null for a focal point): the same email in the edition's other delegations. */
  sameEmailElsewhere: SameEmailMatch[] | null;
  /** What the reader may do with it (server/modules/meetings/policy.ts). */
  can: { edit: boolean; decide: boolean };
};

export type SameEmailMatch = {
  delegateId: string;
  delegationId: string;
  stateIso2: string | null;
  organisationName: string | null;
  status: DelegateStatus;
};

export type Delegation = {
  id: string;
  editionId: string;
  role: DelegationRole;
  stateIso2: string | null;
  agency: { id: string; name: string; acronym: string | null } | null;
  organisation: { id: string; name: string; acronym: string | null } | null;
  headDelegateId: string | null;
  delegates: Delegate[];
  /** edit: its role or its removal; register: a delegate, or the head (server/modules/meetings/policy.ts). */
  can: { edit: boolean; register: boolean };
};

export type Speaker = { delegateId: string | null; name: string; part: string | null; delegationLabel: string | null };

export type AgendaItem = {
  id: string;
  editionId: string;
  day: string;
  startsAt: string;
  endsAt: string;
  kind: AgendaItemKind;
  title: LocalisedField;
  room: string | null;
  speakers: Speaker[];
};

export type MeetingDocument = {
  id: string;
  editionId: string;
  kind: MeetingDocumentKind;
  language: Locale;
  title: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
};

export type Badge = {
  delegateId: string;
  title: string | null;
  givenNames: string;
  familyName: string;
  function: string;
  headOfDelegation: boolean;
  delegationId: string;
  role: DelegationRole;
  stateIso2: string | null;
  agencyName: string | null;
  organisationName: string | null;
};

export const meetingsKey = ['meetings'] as const;
/** Everything cached about one edition (invalidated after a change to its delegations, agenda or documents). */
export const editionKey = (id: string) => [...meetingsKey, 'edition', id] as const;

export const editionsQuery = () =>
  queryOptions({
    queryKey: [...meetingsKey, 'editions'],
    queryFn: ({ signal }) => api.get<{ items: Edition[] }>('/meetings/editions', { signal }),
  });

export const editionQuery = (id: string) =>
  queryOptions({
    queryKey: editionKey(id),
    queryFn: ({ signal }) => api.get<Edition>(`/meetings/editions/${id}`, { signal }),
  });

export const delegationsQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'delegations'],
    queryFn: ({ signal }) =>
      api.get<{ editionStatus: EditionStatus; items: Delegation[] }>(`/meetings/editions/${id}/delegations`, { signal }),
  });

export const agendaQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'agenda'],
    queryFn: ({ signal }) => api.get<{ items: AgendaItem[] }>(`/meetings/editions/${id}/agenda`, { signal }),
  });

export const documentsQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'documents'],
    queryFn: ({ signal }) => api.get<{ items: MeetingDocument[] }>(`/meetings/editions/${id}/documents`, { signal }),
  });

export const badgesQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'badges'],
    queryFn: ({ signal }) => api.get<{ items: Badge[] }>(`/meetings/editions/${id}/badges`, { signal }),
  });

export const statusColours: Record<EditionStatus, string> = { upcoming: 'blue', ongoing: 'green', past: 'gray' };
export const delegateStatusColours: Record<DelegateStatus, string> = { pending: 'yellow', approved: 'green', declined: 'red' };
export const roleColours: Record<DelegationRole, string> = {
  member: 'blue',
  observer: 'grape',
  international_organisation: 'teal',
};

/** The edition page's tabs, and the permission (server/platform/access.ts) that opens each. */
export const editionTabs = ['overview', 'delegations', 'agenda', 'documents', 'badges'] as const;
export type EditionTab = (typeof editionTabs)[number];
const tabPermissions: Record<EditionTab, Permission> = {
  overview: 'meetings.read',
  delegations: 'meetings.delegations',
  agenda: 'meetings.agenda',
  documents: 'meetings.read',
  badges: 'meetings.badges',
};
export const tabsFor = (can: Can): EditionTab[] => editionTabs.filter((tab) => can(tabPermissions[tab]));

export const fullName = (d: { title: string | null; givenNames: string; familyName: string }) =>
  [d.title, d.givenNames, d.familyName].filter(Boolean).join(' ');
