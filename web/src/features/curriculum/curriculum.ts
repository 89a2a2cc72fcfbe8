import { queryOptions } from '@tanstack/react-query';
import type { CourseLevel, Locale, OrganisationKind } from '../../../../contract/enums';
import { api } from '../../api/client';

/** Text in any of the four languages, as stored. */
export type LocalisedText = Partial<Record<Locale, string>>;
/** A content field as the API returns it: the text resolved for the reader and every language. */
export type LocalisedField = { text: string; lang: Locale | null; values: LocalisedText };

export type Organisation = { id: string; name: string; acronym: string | null; kind: OrganisationKind };

export type CourseSummary = {
  id: string;
  programmeId: string;
  code: string;
  title: LocalisedField;
  level: CourseLevel;
  hours: number;
  thematicArea: string;
};

export type Programme = {
  id: string;
  code: string;
  title: LocalisedField;
  description: LocalisedField;
  thematicArea: string;
  courses: CourseSummary[];
  createdAt: string;
  updatedAt: string;
};

export type Course = CourseSummary & {
  programme: { id: string; code: string; title: LocalisedField };
  description: LocalisedField;
  learningObjectives: LocalisedField[];
  pillars: string[];
  resolutions: number[];
  donors: Organisation[];
  deliveringPartners: Organisation[];
  attendanceThreshold: number;
  testMaxScore: number | null;
  postTestPassMark: number | null;
  tailoredForIso2: string | null;
  needsAssessment: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Reference = {
  pillars: { code: string; titles: Record<Locale, string> }[];
  resolutions: { number: number; year: number; subject: string }[];
};

const FALLBACK: Locale[] = ['en', 'fr', 'ar', 'pt'];

/**
 * The text of a content field in the interface language, else en, fr, ar, pt (the server's order),
 * with the language it is in, so that the screen can mark text shown in another language.
 */
export function pick(field: LocalisedField | LocalisedText | undefined, lang: Locale): { text: string; lang: Locale | null } {
  const values: LocalisedText = field && 'values' in field ? (field.values as LocalisedText) : ((field as LocalisedText) ?? {});
  for (const l of [lang, ...FALLBACK]) {
    const text = values[l];
    if (text && text.trim() !== '') return { text, lang: l };
  }
  return { text: '', lang: null };
}

export const curriculumKey = ['curriculum'] as const;

export const programmesQuery = () =>
  queryOptions({
    queryKey: ['curriculum', 'programmes'],
    queryFn: ({ signal }) => api.get<{ items: Programme[] }>('/programmes', { signal }),
  });

export const courseQuery = (id: string) =>
  queryOptions({
    queryKey: ['curriculum', 'course', id],
    queryFn: ({ signal }) => api.get<Course>(`/courses/${encodeURIComponent(id)}`, { signal }),
  });

export const coursesQuery = () =>
  queryOptions({
    queryKey: ['curriculum', 'courses'],
    queryFn: ({ signal }) => api.get<{ items: CourseSummary[] }>('/courses', { signal }),
    staleTime: 60_000,
  });

export const organisationsQuery = () =>
  queryOptions({
    queryKey: ['curriculum', 'organisations'],
    queryFn: ({ signal }) => api.get<{ items: Organisation[] }>('/organisations', { signal }),
    staleTime: 60_000,
  });

export const referenceQuery = () =>
  queryOptions({
    queryKey: ['reference', 'curriculum'],
    queryFn: ({ signal }) => api.get<Reference>('/reference', { signal }),
    staleTime: 10 * 60_000,
  });

export const organisationLabel = (o: Organisation) => (o.acronym ? `${o.acronym} — ${o.name}` : o.name);
