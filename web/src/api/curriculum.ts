import { queryOptions } from '@tanstack/react-query';
import type { Locale } from '../../../contract/enums';
import { type ApiResponse, http } from './http';

/** Text in any of the four languages, as stored. */
export type LocalisedText = Partial<Record<Locale, string>>;
/** A content field as the API returns it: the text resolved for the reader and every language. */
export type LocalisedField = { text: string; lang: Locale | null; values: LocalisedText };

export type Programme = ApiResponse<'/api/programmes'>['items'][number];
export type CourseSummary = Programme['courses'][number];
export type Course = ApiResponse<'/api/courses/{id}'>;
export type Organisation = Course['donors'][number];
export type Reference = ApiResponse<'/api/reference'>;

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
    queryFn: ({ signal }) => http.get('/programmes', { signal }),
  });

export const courseQuery = (id: string) =>
  queryOptions({
    queryKey: ['curriculum', 'course', id],
    queryFn: ({ signal }) => http.get(`/courses/${encodeURIComponent(id)}`, { signal }),
  });

export const coursesQuery = () =>
  queryOptions({
    queryKey: ['curriculum', 'courses'],
    queryFn: ({ signal }) => http.get('/courses', { signal }),
    staleTime: 60_000,
  });

export const organisationsQuery = () =>
  queryOptions({
    queryKey: ['curriculum', 'organisations'],
    queryFn: ({ signal }) => http.get('/organisations', { signal }),
    staleTime: 60_000,
  });

export const referenceQuery = () =>
  queryOptions({
    queryKey: ['reference', 'curriculum'],
    queryFn: ({ signal }) => http.get('/reference', { signal }),
    staleTime: 10 * 60_000,
  });

/** A programme as a select's choice: its code, then its title in the reader's language. */
export const programmeOption = (p: Pick<Programme, 'id' | 'code' | 'title'>, lang: Locale) => ({
  value: p.id,
  label: `${p.code} — ${pick(p.title, lang).text}`,
});

export const organisationLabel = (o: Organisation) => (o.acronym ? `${o.acronym} — ${o.name}` : o.name);
