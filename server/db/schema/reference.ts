import { integer, pgTable, smallint, text } from 'drizzle-orm/pg-core';

/** The 54 African UN member states, engaged or not; names per UI language. */
export const memberStates = pgTable('member_states', {
  iso2: text('iso2').primaryKey(),
  iso3: text('iso3').notNull().unique(),
  nameEn: text('name_en').notNull(),
  nameFr: text('name_fr').notNull(),
  nameAr: text('name_ar').notNull(),
  namePt: text('name_pt').notNull(),
  /** UN M49 sub-region of Africa. */
  subregion: text('subregion').notNull(),
});

/** The four pillars of the UN Global Counter-Terrorism Strategy. */
export const strategyPillars = pgTable('strategy_pillars', {
  code: text('code').primaryKey(),
  position: smallint('position').notNull(),
  titleEn: text('title_en').notNull(),
  titleFr: text('title_fr').notNull(),
  titleAr: text('title_ar').notNull(),
  titlePt: text('title_pt').notNull(),
});

export const securityCouncilResolutions = pgTable('security_council_resolutions', {
  number: integer('number').primaryKey(),
  year: smallint('year').notNull(),
  subject: text('subject').notNull(),
});

export const agencyTypes = pgTable('agency_types', {
  code: text('code').primaryKey(),
  position: smallint('position').notNull(),
});
