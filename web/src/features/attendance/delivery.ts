import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';

export type Completion = {
  completed: boolean;
  byRule: boolean;
  reason: string;
  daysPresent: number;
  sessionDays: number;
  attendanceRate: number;
  override: { completed: boolean; reason: string; decidedAt: string } | null;
};

export type Participant = {
  nominationId: string;
  official: { id: string; familyName: string; givenNames: string; sex: string; stateIso2: string };
  attendance: Record<string, boolean>;
  preScore: number | null;
  postScore: number | null;
  completion: Completion;
  followUp: { requestedAt: string; respondedAt: string | null; applied: boolean | null } | null;
};

export type DeliverySheet = {
  session: { id: string; code: string; status: string; startDate: string; endDate: string; capacity: number };
  course: {
    id: string;
    code: string;
    title: Record<string, string>;
    level: string;
    attendanceThreshold: number;
    testMaxScore: number | null;
    postTestPassMark: number | null;
  };
  days: string[];
  participants: Participant[];
  /** What the reader may do with the sheet (server/modules/delivery/policy.ts). */
  can: { override: boolean };
};

export type ImportResult = {
  rows: {
    line: number;
    nominationId: string | null;
    name: string | null;
    pre: number | null;
    post: number | null;
    errors: string[];
  }[];
  valid: number;
  invalid: number;
  committed: boolean;
};

export const deliveryKey = (sessionId: string) => ['delivery', sessionId] as const;

export const deliveryQuery = (sessionId: string) =>
  queryOptions({
    queryKey: deliveryKey(sessionId),
    queryFn: ({ signal }) => api.get<DeliverySheet>(`/sessions/${sessionId}/delivery`, { signal }),
  });
