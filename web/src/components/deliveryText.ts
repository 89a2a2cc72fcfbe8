import type { TFunction } from 'i18next';
import type { Locale } from '../../../contract/enums';
import { ApiError } from '../api/client';
import { describeError } from './ErrorAlert';

/** Texts of the delivery screens (nominations, attendance, the participant's trainings). */

export const fullName = (o: { familyName: string; givenNames: string }) => `${o.familyName.toUpperCase()}, ${o.givenNames}`;

/** Text in the reader's language, else English, else any language it was written in. */
export function localised(text: Partial<Record<string, string>>, lang: Locale): string {
  return text[lang] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
}

/**
 * A refusal in the user's language: a broken rule is named by the API (details[0].message), and
 * the catalogue words each rule; anything else goes to the shared wording.
 */
export function describeDeliveryError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.code === 'RULE_VIOLATION') {
    const rule = error.details[0]?.message;
    if (rule) return t(`delivery.rules.${rule}`, { defaultValue: error.message });
  }
  return describeError(t, error);
}
