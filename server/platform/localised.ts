import { z } from 'zod';
import { type Locale, type LocalisedText, locales } from '../db/schema';
import type { Actor } from './access';

/** After the reader's own language, text falls back in this order. */
export const FALLBACK_ORDER: Locale[] = ['en', 'fr', 'ar', 'pt'];

/** A content field as the API returns it: the text for the reader (and its language), and every language for editing. */
export const localisedFieldSchema = z.object({
  text: z.string(),
  lang: z.enum(locales).nullable(),
  values: z.object({ en: z.string(), fr: z.string(), ar: z.string(), pt: z.string() }).partial(),
});
export type LocalisedField = z.infer<typeof localisedFieldSchema>;

/** The text in the reader's language, else the first of en, fr, ar, pt that exists. */
export function resolveText(values: LocalisedText | null | undefined, reader: Locale): LocalisedField {
  const clean: LocalisedText = {};
  for (const lang of locales) {
    const text = values?.[lang];
    if (typeof text === 'string' && text.trim() !== '') clean[lang] = text;
  }
  for (const lang of [reader, ...FALLBACK_ORDER]) {
    const text = clean[lang];
    if (text !== undefined) return { text, lang, values: clean };
  }
  return { text: '', lang: null, values: clean };
}

/** The reader's interface language (users.locale, loaded with the session: platform/sessions.ts). */
export function readerLocale(actor: Actor): Locale {
  return actor.locale;
}
