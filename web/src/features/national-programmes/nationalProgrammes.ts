import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { EngagementKind, EngagementStatus, ProgrammeStageKind, StageProgress } from '../../../../contract/enums';
import { type ApiResponse, http } from '../../api/http';

export type StateProgramme = ApiResponse<'/api/national-programmes/states/{iso2}'>;
export type Engagement = StateProgramme['engagements'][number];
export type CurrentStage = Engagement['currentStage'];
export type Stage = Engagement['stages'][number];
export type Counterpart = Stage['counterparts'][number];
export type ProgrammeDocument = Stage['documents'][number];
export type Coverage = Engagement['coverage'];
export type Overview = ApiResponse<'/api/national-programmes/overview'>;
export type OverviewItem = Overview['items'][number];

export type OverviewFilters = { stage?: ProgrammeStageKind; kind?: EngagementKind; adopted?: 'true' | 'false' };

export type ResponsibleStaff = ApiResponse<'/api/national-programmes/staff'>['items'][number];

export const nationalProgrammesKey = ['national-programmes'] as const;

export const overviewQuery = (filters: OverviewFilters) =>
  queryOptions({
    queryKey: ['national-programmes', 'overview', filters],
    queryFn: ({ signal }) => http.get('/national-programmes/overview', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const stateProgrammeQuery = (iso2: string) =>
  queryOptions({
    queryKey: ['national-programmes', 'state', iso2],
    queryFn: ({ signal }) => http.get(`/national-programmes/states/${encodeURIComponent(iso2)}`, { signal }),
  });

export const responsibleStaffQuery = () =>
  queryOptions({
    queryKey: ['national-programmes', 'staff'],
    queryFn: ({ signal }) => http.get('/national-programmes/staff', { signal }),
    staleTime: 60_000,
  });

/** Where a document is downloaded (a plain link: the browser sends the session cookie). */
export const documentUrl = (id: string) => `/api/national-programmes/documents/${encodeURIComponent(id)}`;

/** "Drafting workshop 2", "Validation". */
export function stageLabel(t: TFunction, stage: { kind: ProgrammeStageKind; sequence: number }): string {
  return stage.kind === 'drafting_workshop'
    ? t('nationalProgrammes.stages.workshopNumbered', { number: stage.sequence })
    : t(`nationalProgrammes.stages.${stage.kind}`);
}

export const progressColours: Record<StageProgress, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  completed: 'teal',
  skipped: 'gray',
};

export const statusColours: Record<EngagementStatus, string> = {
  active: 'blue',
  on_hold: 'orange',
  completed: 'teal',
  discontinued: 'red',
};
