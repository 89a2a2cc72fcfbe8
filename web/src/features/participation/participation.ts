import { queryOptions } from '@tanstack/react-query';
import type { NominationStatus } from '../../../../contract/enums';
import { api } from '../../api/client';
import type { Completion } from '../attendance/delivery';

export type Cascade = {
  id: string;
  heldOn: string;
  location: string | null;
  colleaguesTrained: number;
  womenTrained: number;
  description: string | null;
};

export type MyTraining = {
  nominationId: string;
  status: NominationStatus;
  session: {
    id: string;
    code: string;
    startDate: string;
    endDate: string;
    venueCity: string | null;
    modality: string;
    status: string;
  };
  course: { title: Record<string, string>; level: string; testMaxScore: number | null; postTestPassMark: number | null };
  preScore: number | null;
  postScore: number | null;
  completion: Completion;
  evaluation: 'pending' | 'submitted' | 'not_available';
  followUp: { status: 'none' | 'pending' | 'answered'; applied: boolean | null; howApplied: string | null };
  cascade: { eligible: boolean; records: Cascade[] };
};

export const myTrainingsKey = ['participation', 'trainings'] as const;

export const myTrainingsQuery = queryOptions({
  queryKey: myTrainingsKey,
  queryFn: ({ signal }) => api.get<{ items: MyTraining[] }>('/participation/trainings', { signal }),
});
