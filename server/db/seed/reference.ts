import { createRequire } from 'node:module';
import { eq, sql } from 'drizzle-orm';
import countries from 'i18n-iso-countries';
import type { Queryable } from '../../platform/db';
import stateFile from '../reference/african-un-member-states.json' with { type: 'json' };
import agencyTypeFile from '../reference/agency-types.json' with { type: 'json' };
import pillarFile from '../reference/gcts-pillars.json' with { type: 'json' };
import resolutionFile from '../reference/unsc-resolutions.json' with { type: 'json' };
import { agencyTypes, memberStates, securityCouncilResolutions, settings, strategyPillars } from '../schema';

const require = createRequire(import.meta.url);
for (const lang of ['fr', 'ar', 'pt']) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** UN M49 sub-regions of Africa. */
const subregionOf: Record<string, string> = Object.fromEntries(
  Object.entries({
    northern: ['DZ', 'EG', 'LY', 'MA', 'SD', 'TN'],
    western: ['BJ', 'BF', 'CV', 'CI', 'GM', 'GH', 'GN', 'GW', 'LR', 'ML', 'MR', 'NE', 'NG', 'SN', 'SL', 'TG'],
    middle: ['AO', 'CM', 'CF', 'TD', 'CG', 'CD', 'GQ', 'GA', 'ST'],
    eastern: ['BI', 'KM', 'DJ', 'ER', 'ET', 'KE', 'MG', 'MW', 'MU', 'MZ', 'RW', 'SC', 'SO', 'SS', 'UG', 'TZ', 'ZM', 'ZW'],
    southern: ['BW', 'SZ', 'LS', 'NA', 'ZA'],
  }).flatMap(([region, codes]) => codes.map((code) => [code, region])),
);

function localName(iso2: string, lang: 'fr' | 'ar' | 'pt'): string {
  const name = countries.getName(iso2, lang, { select: 'official' });
  if (!name) throw new Error(`No ${lang} name for ${iso2} in i18n-iso-countries`);
  return name;
}

export const REFERENCE_SEED_VERSION = 1;
const SEED_KEY = 'seed.reference';

export async function referenceSeedVersion(db: Queryable): Promise<number | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SEED_KEY));
  return row ? ((row.value as { version: number }).version ?? null) : null;
}

/** Loads the reference facts; safe to run again (rows are upserted, never duplicated). */
export async function seedReference(db: Queryable): Promise<void> {
  await db.transaction(async (tx) => {
    const states = stateFile.states.map((s) => {
      const subregion = subregionOf[s.iso2];
      if (!subregion) throw new Error(`No sub-region for ${s.iso2}`);
      return {
        iso2: s.iso2,
        iso3: s.iso3,
        nameEn: s.name,
        nameFr: localName(s.iso2, 'fr'),
        nameAr: localName(s.iso2, 'ar'),
        namePt: localName(s.iso2, 'pt'),
        subregion,
      };
    });
    await tx
      .insert(memberStates)
      .values(states)
      .onConflictDoUpdate({
        target: memberStates.iso2,
        set: {
          iso3: sql`excluded.iso3`,
          nameEn: sql`excluded.name_en`,
          nameFr: sql`excluded.name_fr`,
          nameAr: sql`excluded.name_ar`,
          namePt: sql`excluded.name_pt`,
          subregion: sql`excluded.subregion`,
        },
      });
    await tx
      .insert(strategyPillars)
      .values(
        pillarFile.pillars.map((p, i) => ({
          code: p.pillar,
          position: i + 1,
          titleEn: p.en,
          titleFr: p.fr,
          titleAr: p.ar,
          titlePt: p.pt,
        })),
      )
      .onConflictDoUpdate({
        target: strategyPillars.code,
        set: {
          titleEn: sql`excluded.title_en`,
          titleFr: sql`excluded.title_fr`,
          titleAr: sql`excluded.title_ar`,
          titlePt: sql`excluded.title_pt`,
        },
      });
    await tx
      .insert(securityCouncilResolutions)
      .values(resolutionFile.resolutions.map((r) => ({ number: r.number, year: r.year, subject: r.subject })))
      .onConflictDoUpdate({
        target: securityCouncilResolutions.number,
        set: { year: sql`excluded.year`, subject: sql`excluded.subject` },
      });
    await tx
      .insert(agencyTypes)
      .values(agencyTypeFile.types.map((code, i) => ({ code, position: i + 1 })))
      .onConflictDoUpdate({ target: agencyTypes.code, set: { position: sql`excluded.position` } });
    const marker = { version: REFERENCE_SEED_VERSION, at: new Date().toISOString() };
    await tx
      .insert(settings)
      .values({ key: SEED_KEY, value: marker })
      .onConflictDoUpdate({ target: settings.key, set: { value: marker, updatedAt: new Date() } });
  });
}
