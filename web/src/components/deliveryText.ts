import type { Locale } from '../../../contract/enums';
import { describeError } from './ErrorAlert';

/** Texts of the delivery screens (nominations, attendance, the participant's trainings). */

export const fullName = (o: { familyName: string; givenNames: string }) => `${o.familyName.toUpperCase()}, ${o.givenNames}`;

/** Text in the reader's language, else English, else any language it was written in. */
export function localised(text: Partial<Record<string, string>>, lang: Locale): string {
  return text[lang] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
}

/** A refusal in the user's language: the shared wording, which words a broken rule from its code. */
export const describeDeliveryError = describeError;
