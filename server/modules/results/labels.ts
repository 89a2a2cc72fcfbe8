import type { Locale, LocalisedText } from '../../db/schema';
import type { Actor } from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { readerLocale, resolveText } from '../../platform/localised';
import { pillarTitles, programmeTitles, stateNames } from './export-repository';
import type { Dimension, ResultsFilter } from './schemas';

/** The labels of a dimension's values in the reader's language, and that language. */

export type Labeller = (key: string) => string;

export async function labellerFor(db: Queryable, dimension: Dimension, lang: Locale, keys: string[]): Promise<Labeller> {
  const t = translator(lang);
  const fromCatalogue = (prefix: string) => (key: string) => (t.has(`${prefix}.${key}`) ? t.t(`${prefix}.${key}`) : key);
  switch (dimension) {
    case 'state': {
      const names = await stateNames(db);
      return (key) => names.get(key)?.[lang] ?? key;
    }
    case 'programme': {
      const titles = await programmeTitles(db, keys);
      return (key) => resolveText(titles.get(key) as LocalisedText | undefined, lang).text || key;
    }
    case 'pillar': {
      const titles = await pillarTitles(db);
      return (key) => (titles.get(key) ? `${key} — ${titles.get(key)?.[lang]}` : key);
    }
    case 'sex':
      return fromCatalogue('registry.sex');
    case 'agency_type':
      return fromCatalogue('agencyTypes');
    case 'course_level':
      return fromCatalogue('curriculum.levels');
    case 'modality':
      return fromCatalogue('sessions.modalities');
    default:
      return (key) => key;
  }
}

export function languageOf(actor: Actor, filter: ResultsFilter): Locale {
  return filter.lang ?? readerLocale(actor);
}
