import { type Locale, memberStates } from '../../db/schema';
import { csvDocument } from '../../platform/csv';
import type { Queryable } from '../../platform/db';
import type { BadgeView } from './schemas';

/** Column names in each interface language: the file goes to a badge printer or a mail merge. */
const HEADERS: Record<Locale, string[]> = {
  en: ['Delegation', 'Role', 'Head of delegation', 'Title', 'Given names', 'Family name', 'Function'],
  fr: ['Délégation', 'Qualité', 'Chef de délégation', 'Titre', 'Prénoms', 'Nom', 'Fonction'],
  ar: ['الوفد', 'الصفة', 'رئيس الوفد', 'اللقب', 'الاسم', 'اسم العائلة', 'الوظيفة'],
  pt: ['Delegação', 'Qualidade', 'Chefe de delegação', 'Título', 'Nomes próprios', 'Apelido', 'Função'],
};

const ROLES: Record<Locale, Record<BadgeView['role'], string>> = {
  en: { member: 'Member', observer: 'Observer', international_organisation: 'International organisation' },
  fr: { member: 'Membre', observer: 'Observateur', international_organisation: 'Organisation internationale' },
  ar: { member: 'عضو', observer: 'مراقب', international_organisation: 'منظمة دولية' },
  pt: { member: 'Membro', observer: 'Observador', international_organisation: 'Organização internacional' },
};

const YES: Record<Locale, string> = { en: 'yes', fr: 'oui', ar: 'نعم', pt: 'sim' };

/** The badge list as CSV, for a badge printer or a mail merge. */
export async function badgeCsv(db: Queryable, items: BadgeView[], locale: Locale): Promise<string> {
  const states = await db.select().from(memberStates);
  const stateName = new Map(
    states.map((s) => [s.iso2, { en: s.nameEn, fr: s.nameFr, ar: s.nameAr, pt: s.namePt }[locale]] as const),
  );
  const delegation = (b: BadgeView) => {
    if (b.stateIso2) {
      const state = stateName.get(b.stateIso2) ?? b.stateIso2;
      return b.agencyName ? `${state} – ${b.agencyName}` : state;
    }
    return b.organisationName ?? '';
  };
  const lines = [HEADERS[locale]].concat(
    items.map((b) => [
      delegation(b),
      ROLES[locale][b.role],
      b.headOfDelegation ? YES[locale] : '',
      b.title ?? '',
      b.givenNames,
      b.familyName,
      b.function,
    ]),
  );
  return csvDocument(lines);
}
