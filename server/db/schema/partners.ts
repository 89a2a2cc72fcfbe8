import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const organisationKinds = [
  'un_entity',
  'international_body',
  'regional_body',
  'donor_government',
  'academic_institution',
  'civil_society',
  'other',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/** A partner or donor: UN entities, INTERPOL, AFRIPOL, the AU, donor governments… */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    acronym: text('acronym'),
    kind: text('kind').$type<OrganisationKind>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_name_key').on(t.name),
    check(
      'organisations_kind_valid',
      sql`${t.kind} in ('un_entity','international_body','regional_body','donor_government','academic_institution','civil_society','other')`,
    ),
  ],
);
