import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Locale } from '../../api/types';
import { describeError } from '../../components/ErrorAlert';

export type NominationStatus = 'nominated' | 'accepted' | 'waitlisted' | 'rejected' | 'withdrawn';
export type RiskLevel = 'low' | 'medium' | 'high';
export type ScreeningDecision = 'cleared' | 'cleared_with_mitigation' | 'not_cleared';

export type Nominee = {
  id: string;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  sex: string;
  stateIso2: string;
  rank: string | null;
  agencyName: string | null;
};

export type Nomination = {
  id: string;
  sessionId: string;
  official: Nominee;
  status: NominationStatus;
  waitlistRank: number | null;
  decisionReason: string | null;
  nominatedAt: string;
  decidedAt: string | null;
  screening?: {
    riskLevel: RiskLevel;
    mitigation: string | null;
    decision: ScreeningDecision;
    reasons: string;
    screenedAt: string;
  } | null;
  events?: { fromStatus: string | null; toStatus: string; reason: string | null; at: string }[];
};

export type Seats = {
  sessionId: string;
  code: string;
  status: string;
  capacity: number;
  nominationDeadline: string;
  nominationOpen: boolean;
  accepted: number;
  waitlisted: number;
  pending: number;
  seatsLeft: number;
  quotas: { stateIso2: string; seats: number; used: number; left: number }[];
};

export const nominationsKey = (sessionId: string) => ['nominations', sessionId] as const;

export const nominationsQuery = (sessionId: string) =>
  queryOptions({
    queryKey: nominationsKey(sessionId),
    queryFn: ({ signal }) => api.get<{ seats: Seats; items: Nomination[] }>(`/sessions/${sessionId}/nominations`, { signal }),
  });

export const candidatesQuery = (sessionId: string, q: string) =>
  queryOptions({
    queryKey: [...nominationsKey(sessionId), 'candidates', q],
    queryFn: ({ signal }) =>
      api.get<{ items: Nominee[] }>(`/sessions/${sessionId}/nomination-candidates`, { query: { q }, signal }),
  });

export const fullName = (o: { familyName: string; givenNames: string }) => `${o.familyName.toUpperCase()}, ${o.givenNames}`;

/** Text in the reader's language, else English, else any language it was written in. */
export function localised(text: Partial<Record<string, string>>, lang: Locale): string {
  return text[lang] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
}

/** A refusal in the user's language: the shared wording, which words a broken rule from its code. */
export const describeDeliveryError = describeError;
