import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { EngagementKind, EngagementStatus, Locale, ProgrammeStageKind, StageProgress } from '../../../../contract/enums';
import { api } from '../../api/client';
import type { LocalisedField } from '../curriculum/curriculum';

export type CurrentStage = { kind: ProgrammeStageKind; sequence: number; progress: StageProgress } | null;

export type ProgrammeDocument = {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  language: Locale | null;
  uploadedAt: string;
};

export type Counterpart = { name: string; function: string | null; organisation: string | null };

export type Stage = {
  id: string;
  kind: ProgrammeStageKind;
  sequence: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  skipped: boolean;
  notes: string | null;
  progress: StageProgress;
  behindPlan: boolean;
  staff: { id: string; displayName: string }[];
  counterparts: Counterpart[];
  documents: ProgrammeDocument[];
};

export type Coverage = {
  resolutions: number[];
  pillars: string[];
  parts: { id: string; position: number; title: LocalisedField; resolutions: number[]; pillars: string[] }[];
  covered: { resolutions: number[]; pillars: string[] };
};

export type Engagement = {
  id: string;
  stateIso2: string;
  title: LocalisedField;
  kind: EngagementKind;
  status: EngagementStatus;
  notes: string | null;
  currentStage: CurrentStage;
  adoptedOn: string | null;
  stages: Stage[];
  coverage: Coverage;
  createdAt: string;
  updatedAt: string;
};

export type StateProgramme = { stateIso2: string; engagements: Engagement[] };

export type OverviewItem = {
  id: string;
  stateIso2: string;
  title: LocalisedField;
  kind: EngagementKind;
  status: EngagementStatus;
  currentStage: CurrentStage;
  stages: { kind: ProgrammeStageKind; total: number; started: number; completed: number; skipped: number }[];
  resolutionsCovered: number;
  pillarsCovered: number;
  requestedOn: string | null;
  adoptedOn: string | null;
};

export type Overview = {
  summary: {
    statesEngaged: number;
    engagements: number;
    statesWithAdoptedStrategy: number;
    statesWithAdoptedActionPlan: number;
    byCurrentStage: Record<string, number>;
  };
  items: OverviewItem[];
};

export type OverviewFilters = { stage?: ProgrammeStageKind; kind?: EngagementKind; adopted?: 'true' | 'false' };

export type ResponsibleStaff = { id: string; displayName: string; email: string; role: string };

export const nationalProgrammesKey = ['national-programmes'] as const;

export const overviewQuery = (filters: OverviewFilters) =>
  queryOptions({
    queryKey: ['national-programmes', 'overview', filters],
    queryFn: ({ signal }) => api.get<Overview>('/national-programmes/overview', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const stateProgrammeQuery = (iso2: string) =>
  queryOptions({
    queryKey: ['national-programmes', 'state', iso2],
    queryFn: ({ signal }) => api.get<StateProgramme>(`/national-programmes/states/${encodeURIComponent(iso2)}`, { signal }),
  });

export const responsibleStaffQuery = () =>
  queryOptions({
    queryKey: ['national-programmes', 'staff'],
    queryFn: ({ signal }) => api.get<{ items: ResponsibleStaff[] }>('/national-programmes/staff', { signal }),
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
