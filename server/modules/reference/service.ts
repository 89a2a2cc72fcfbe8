import { subregions } from '../../../contract/enums';
import { notFound } from '../../errors';
import { type Actor, personalDataScope } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database } from '../../platform/db';
import * as repo from './repository';

type StateRow = Awaited<ReturnType<typeof repo.listStates>>[number];
type Subregion = (typeof subregions)[number];

/** Lower case, accents and punctuation removed: "Côte d'Ivoire" and "cote divoire" meet. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function toState(row: StateRow) {
  return {
    iso2: row.iso2,
    iso3: row.iso3,
    names: { en: row.nameEn, fr: row.nameFr, ar: row.nameAr, pt: row.namePt },
    subregion: row.subregion as Subregion,
  };
}

export async function searchStates(db: Database, query: { q?: string; subregion?: Subregion }) {
  const needle = query.q ? searchKey(query.q) : '';
  const rows = await repo.listStates(db);
  const items = rows
    .filter((r) => !query.subregion || r.subregion === query.subregion)
    .filter(
      (r) => !needle || [r.nameEn, r.nameFr, r.nameAr, r.namePt, r.iso2, r.iso3].some((name) => searchKey(name).includes(needle)),
    )
    .map(toState);
  return { items };
}

export async function stateDetail(db: Database, actor: Actor, audit: AuditContext, iso2: string) {
  const row = await repo.findState(db, iso2);
  if (!row) throw notFound(`Member state ${iso2}`);
  const scope = personalDataScope(actor);
  // Contacts and account counts are a state's own business: office staff and that state's focal
  // points read them; anyone else gets null, the same for every state.
  const readsContacts = scope.kind === 'all' || (scope.kind === 'state' && scope.iso2 === iso2);
  const contacts = readsContacts ? await repo.stateContacts(db, iso2, scope) : null;
  if (contacts) {
    await writeAudit(db, audit, {
      action: 'state.contacts.read',
      recordType: 'member_state',
      recordId: iso2,
      details: { userIds: contacts.map((c) => c.id) },
    });
  }
  return { ...toState(row), contacts, userCounts: readsContacts ? await repo.stateUserCounts(db, iso2) : null };
}

export async function referenceData(db: Database) {
  const [pillars, resolutions, types] = [
    await repo.listPillars(db),
    await repo.listResolutions(db),
    await repo.listAgencyTypes(db),
  ];
  return {
    pillars: pillars.map((p) => ({ code: p.code, titles: { en: p.titleEn, fr: p.titleFr, ar: p.titleAr, pt: p.titlePt } })),
    resolutions: resolutions.map((r) => ({ number: r.number, year: r.year, subject: r.subject })),
    agencyTypes: types.map((t) => t.code),
    subregions: [...subregions],
  };
}
