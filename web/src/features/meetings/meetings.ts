import { queryOptions } from '@tanstack/react-query';
import type { DelegateStatus, DelegationRole, EditionStatus } from '../../../../contract/enums';
import { type ApiBody, type ApiResponse, http } from '../../api/http';
import type { Can, Permission } from '../../api/types';

export type Edition = ApiResponse<'/api/meetings/editions/{id}'>;
export type EditionInput = ApiBody<'/api/meetings/editions'>;
type Delegations = ApiResponse<'/api/meetings/editions/{id}/delegations'>;
export type Delegation = Delegations['items'][number];
export type Delegate = Delegation['delegates'][number];
export type SameEmailMatch = NonNullable<Delegate['sameEmailElsewhere']>[number];
export type AgendaItem = ApiResponse<'/api/meetings/editions/{id}/agenda'>['items'][number];
export type Speaker = AgendaItem['speakers'][number];
export type MeetingDocument = ApiResponse<'/api/meetings/editions/{id}/documents'>['items'][number];
export type Badge = ApiResponse<'/api/meetings/editions/{id}/badges'>['items'][number];

export const meetingsKey = ['meetings'] as const;
/** Everything cached about one edition (invalidated after a change to its delegations, agenda or documents). */
export const editionKey = (id: string) => [...meetingsKey, 'edition', id] as const;

export const editionsQuery = () =>
  queryOptions({
    queryKey: [...meetingsKey, 'editions'],
    queryFn: ({ signal }) => http.get('/meetings/editions', { signal }),
  });

export const editionQuery = (id: string) =>
  queryOptions({
    queryKey: editionKey(id),
    queryFn: ({ signal }) => http.get(`/meetings/editions/${id}`, { signal }),
  });

export const delegationsQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'delegations'],
    queryFn: ({ signal }) => http.get(`/meetings/editions/${id}/delegations`, { signal }),
  });

export const agendaQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'agenda'],
    queryFn: ({ signal }) => http.get(`/meetings/editions/${id}/agenda`, { signal }),
  });

export const documentsQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'documents'],
    queryFn: ({ signal }) => http.get(`/meetings/editions/${id}/documents`, { signal }),
  });

export const badgesQuery = (id: string) =>
  queryOptions({
    queryKey: [...editionKey(id), 'badges'],
    queryFn: ({ signal }) => http.get(`/meetings/editions/${id}/badges`, { signal }),
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
