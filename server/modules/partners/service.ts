import countries from 'i18n-iso-countries';
import type { Modality, SessionBasis, SessionStatus } from '../../../contract/enums';
import { type Locale, memberStates } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { loadFile, removeFile, storeFile, type UploadedFile } from '../../platform/files';
import { readerLocale, resolveText } from '../../platform/localised';
import { ruleViolation } from '../../platform/rules';
import { buildMatrix, matrixCsv } from './matrix';
import { decimalPlaces, formatAmount, isCurrency, isPositive, minorUnits } from './money';
import { readsContacts, readsOwnOrganisationOnly } from './policy';
import * as repo from './repository';
import type {
  AgreementView,
  ContactView,
  ContributionListQuery,
  ContributionView,
  CreateAgreementInput,
  CreateContactInput,
  CreateContributionInput,
  CreateOrganisationInput,
  CurrencyTotal,
  Matrix,
  MatrixQuery,
  OrganisationDetail,
  OrganisationListItem,
  OrganisationListQuery,
  OrganisationSession,
  OrganisationView,
  UpdateAgreementInput,
  UpdateContactInput,
  UpdateContributionInput,
  UpdateOrganisationInput,
} from './schemas';

/**
 * Partners and donors. Who may see what (server/platform/access.ts names the roles):
 *  - programme officers manage everything here; M&E officers read everything, contacts included
 *    (office staff); neither trainers, focal points nor participants see agreements, contributions,
 *    contacts or the matrix — the organisation list (names, kinds, seats) is open to every role
 *    because courses name their donors and partners;
 *  - a partner user reads its own organisation's page only (users.organisation_id): overview,
 *    agreements (not their documents), contributions and sessions; never contacts (personal data)
 *    nor other organisations (404, as if they did not exist) nor the matrix, which shows what
 *    every partner does.
 * Rules (each a 4xx naming it, nothing changed): an organisation's name is unique (409); its
 * country is an ISO 3166 code; an agreement's validity ends on or after it starts; a contribution
 * has an amount > 0 with at most its currency's minor units, an ISO 4217 currency, a period that
 * ends on or after it starts, a known donor and programme, and cites only an agreement of its own
 * donor; an agreement cited by contributions is not deleted.
 */

// ---------- views

export const toOrganisation = (row: Pick<repo.OrganisationRow, 'id' | 'name' | 'acronym' | 'kind'>): OrganisationView => ({
  id: row.id,
  name: row.name,
  acronym: row.acronym,
  kind: row.kind,
});

const toListItem = (row: repo.OrganisationRow): OrganisationListItem => ({
  ...toOrganisation(row),
  countryIso2: row.countryIso2,
  seatCity: row.seatCity,
  website: row.website,
});

const toContact = (row: repo.ContactRow): ContactView => ({
  id: row.id,
  organisationId: row.organisationId,
  fullName: row.fullName,
  functionTitle: row.functionTitle,
  email: row.email,
  phone: row.phone,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const toAgreement = (row: repo.AgreementWithDocument): AgreementView => ({
  id: row.agreement.id,
  organisationId: row.agreement.organisationId,
  title: row.agreement.title,
  kind: row.agreement.kind,
  signedOn: row.agreement.signedOn,
  validFrom: row.agreement.validFrom,
  validTo: row.agreement.validTo,
  document: row.document,
  contributions: Number(row.contributions),
  createdAt: row.agreement.createdAt.toISOString(),
  updatedAt: row.agreement.updatedAt.toISOString(),
});

function toContribution(row: repo.ContributionWithRefs, locale: Locale): ContributionView {
  const c = row.contribution;
  return {
    id: c.id,
    organisation: toOrganisation(row.organisation),
    programme: {
      id: row.programme.id,
      code: row.programme.code,
      title: resolveText(row.programme.title, locale),
      thematicArea: row.programme.thematicArea,
    },
    amount: formatAmount(c.amount, c.currency),
    currency: c.currency,
    earmarked: c.earmarked,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    agreement: row.agreement,
    note: c.note,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const toTotal = (row: repo.TotalRow): CurrencyTotal => ({
  currency: row.currency,
  amount: formatAmount(row.amount, row.currency),
  earmarked: formatAmount(row.earmarked, row.currency),
  unearmarked: formatAmount(row.unearmarked, row.currency),
  contributions: row.contributions,
});

// ---------- scope

/** The organisation a partner user may read, or null for a partner user linked to none. */
async function ownOrganisationOf(db: Queryable, actor: Actor): Promise<string | null> {
  return repo.organisationOfUser(db, actor.userId);
}

/** An organisation the actor may read the page of; otherwise 404. */
async function readableOrganisation(db: Queryable, actor: Actor, id: string): Promise<repo.OrganisationRow> {
  const row = await repo.findOrganisation(db, id);
  if (!row) throw notFound('Organisation');
  if (readsOwnOrganisationOnly(actor) && (await ownOrganisationOf(db, actor)) !== id) throw notFound('Organisation');
  return row;
}

// ---------- organisations

export async function listOrganisations(db: Database, filter: OrganisationListQuery = {}) {
  return { items: (await repo.listOrganisations(db, filter)).map(toListItem) };
}

export async function getOrganisation(db: Queryable, actor: Actor, id: string): Promise<OrganisationDetail> {
  const row = await readableOrganisation(db, actor, id);
  const locale = readerLocale(actor);
  const counts = await repo.countsOf(db, id);
  return {
    ...toListItem(row),
    description: resolveText(row.description, locale),
    counts: {
      contacts: readsContacts(actor) ? counts.contacts : null,
      agreements: counts.agreements,
      contributions: counts.contributions,
      sessions: await repo.countSessionsOfOrganisation(db, id),
    },
    totals: (await repo.contributionTotals(db, { organisationId: id }, 'none')).map(toTotal),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The organisation a partner user speaks for, as its page shows it. */
export async function myOrganisation(db: Queryable, actor: Actor): Promise<OrganisationDetail> {
  const own = await ownOrganisationOf(db, actor);
  if (!own) throw new AppError('NOT_FOUND', 'Your account is linked to no organisation: the office links it');
  return getOrganisation(db, actor, own);
}

async function assertNameFree(db: Queryable, name: string, exceptId?: string) {
  if (await repo.findOrganisationByName(db, name, exceptId)) {
    throw ruleViolation('partners.organisation_name_taken', { name }, 'name');
  }
}

function assertCountry(countryIso2: string | null | undefined) {
  if (countryIso2 && !countries.isValid(countryIso2)) {
    throw ruleViolation('partners.country_unknown', { country: countryIso2 }, 'countryIso2');
  }
}

export async function createOrganisation(db: Database, audit: AuditContext, input: CreateOrganisationInput) {
  return db.transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    assertCountry(input.countryIso2);
    const row = await repo.insertOrganisation(tx, {
      name: input.name,
      acronym: input.acronym ?? null,
      kind: input.kind,
      countryIso2: input.countryIso2 ?? null,
      seatCity: input.seatCity ?? null,
      website: input.website ?? null,
      description: input.description ?? {},
    });
    await writeAudit(tx, audit, {
      action: 'organisation.create',
      recordType: 'organisation',
      recordId: row.id,
      details: { name: row.name, kind: row.kind },
    });
    return toListItem(row);
  });
}

export async function updateOrganisation(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: UpdateOrganisationInput,
) {
  await db.transaction(async (tx) => {
    const before = await repo.findOrganisation(tx, id, true);
    if (!before) throw notFound('Organisation');
    if (input.name !== undefined) await assertNameFree(tx, input.name, id);
    assertCountry(input.countryIso2);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    await repo.updateOrganisation(tx, id, changes);
    await writeAudit(tx, audit, {
      action: 'organisation.update',
      recordType: 'organisation',
      recordId: id,
      details: { fields: Object.keys(changes) },
    });
  });
  return getOrganisation(db, actor, id);
}

// ---------- contacts (personal data of partner staff: office staff only, every read audited)

export async function listContacts(db: Database, audit: AuditContext, organisationId: string) {
  if (!(await repo.findOrganisation(db, organisationId))) throw notFound('Organisation');
  const rows = await repo.listContacts(db, organisationId);
  await writeAudit(db, audit, {
    action: 'organisation_contact.list',
    recordType: 'organisation',
    recordId: organisationId,
    details: { contactIds: rows.map((r) => r.id) },
  });
  return { items: rows.map(toContact) };
}

export async function createContact(db: Database, audit: AuditContext, organisationId: string, input: CreateContactInput) {
  return db.transaction(async (tx) => {
    if (!(await repo.findOrganisation(tx, organisationId))) throw notFound('Organisation');
    const row = await repo.insertContact(tx, {
      organisationId,
      fullName: input.fullName,
      functionTitle: input.functionTitle ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
    });
    await writeAudit(tx, audit, {
      action: 'organisation_contact.create',
      recordType: 'organisation_contact',
      recordId: row.id,
      details: { organisationId },
    });
    return toContact(row);
  });
}

export async function updateContact(db: Database, audit: AuditContext, id: string, input: UpdateContactInput) {
  return db.transaction(async (tx) => {
    if (!(await repo.findContact(tx, id))) throw notFound('Contact');
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const row = await repo.updateContact(tx, id, changes);
    if (!row) throw notFound('Contact');
    await writeAudit(tx, audit, {
      action: 'organisation_contact.update',
      recordType: 'organisation_contact',
      recordId: id,
      details: { organisationId: row.organisationId, fields: Object.keys(changes) },
    });
    return toContact(row);
  });
}

export async function deleteContact(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await repo.findContact(tx, id);
    if (!row) throw notFound('Contact');
    await repo.deleteContact(tx, id);
    await writeAudit(tx, audit, {
      action: 'organisation_contact.delete',
      recordType: 'organisation_contact',
      recordId: id,
      details: { organisationId: row.organisationId },
    });
  });
}

// ---------- agreements

function assertValidity(validFrom: string, validTo: string | null) {
  if (validTo !== null && validTo < validFrom) {
    throw ruleViolation('partners.validity_order', { validFrom, validTo }, 'validTo');
  }
}

export async function listAgreements(db: Database, actor: Actor, organisationId: string) {
  await readableOrganisation(db, actor, organisationId);
  return { items: (await repo.listAgreements(db, organisationId)).map(toAgreement) };
}

async function agreementView(db: Queryable, id: string): Promise<AgreementView> {
  const row = await repo.findAgreementWithDocument(db, id);
  if (!row) throw notFound('Agreement');
  return toAgreement(row);
}

export async function createAgreement(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  organisationId: string,
  input: CreateAgreementInput,
) {
  return db.transaction(async (tx) => {
    if (!(await repo.findOrganisation(tx, organisationId))) throw notFound('Organisation');
    assertValidity(input.validFrom, input.validTo ?? null);
    const row = await repo.insertAgreement(tx, {
      organisationId,
      title: input.title,
      kind: input.kind,
      signedOn: input.signedOn ?? null,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      createdBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'partner_agreement.create',
      recordType: 'partner_agreement',
      recordId: row.id,
      details: { organisationId, title: row.title, kind: row.kind },
    });
    return agreementView(tx, row.id);
  });
}

export async function updateAgreement(db: Database, audit: AuditContext, id: string, input: UpdateAgreementInput) {
  return db.transaction(async (tx) => {
    const before = await repo.findAgreement(tx, id, true);
    if (!before) throw notFound('Agreement');
    const validFrom = input.validFrom ?? before.validFrom;
    const validTo = input.validTo === undefined ? before.validTo : input.validTo;
    assertValidity(validFrom, validTo);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    await repo.updateAgreement(tx, id, changes);
    await writeAudit(tx, audit, {
      action: 'partner_agreement.update',
      recordType: 'partner_agreement',
      recordId: id,
      details: { organisationId: before.organisationId, fields: Object.keys(changes) },
    });
    return agreementView(tx, id);
  });
}

export async function deleteAgreement(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await repo.findAgreement(tx, id, true);
    if (!row) throw notFound('Agreement');
    const cited = await repo.contributionsCiting(tx, id);
    if (cited > 0) {
      throw ruleViolation('partners.agreement_cited', { contributions: cited });
    }
    await repo.deleteAgreement(tx, id);
    if (row.documentFileId) await removeFile(tx, audit, row.documentFileId);
    await writeAudit(tx, audit, {
      action: 'partner_agreement.delete',
      recordType: 'partner_agreement',
      recordId: id,
      details: { organisationId: row.organisationId, title: row.title },
    });
  });
}

/** Keeps the signed document of an agreement in the file store, replacing any earlier one. */
export async function attachAgreementDocument(db: Database, audit: AuditContext, id: string, upload: UploadedFile | null) {
  if (!upload) {
    throw new AppError('VALIDATION_FAILED', 'Attach the signed document as the file of the form', {
      details: [{ path: 'file', message: 'Required' }],
    });
  }
  return db.transaction(async (tx) => {
    const row = await repo.findAgreement(tx, id, true);
    if (!row) throw notFound('Agreement');
    const file = await storeFile(tx, audit, upload);
    await repo.updateAgreement(tx, id, { documentFileId: file.id });
    if (row.documentFileId) await removeFile(tx, audit, row.documentFileId);
    await writeAudit(tx, audit, {
      action: 'partner_agreement.document',
      recordType: 'partner_agreement',
      recordId: id,
      details: { organisationId: row.organisationId, fileId: file.id, name: file.name, replaced: row.documentFileId },
    });
    return agreementView(tx, id);
  });
}

export async function agreementDocument(db: Database, id: string) {
  const row = await repo.findAgreement(db, id);
  if (!row) throw notFound('Agreement');
  const file = row.documentFileId ? await loadFile(db, row.documentFileId) : null;
  if (!file) throw notFound('Document of this agreement');
  return file;
}

// ---------- contributions

type ContributionState = {
  organisationId: string;
  programmeId: string;
  amount: string;
  currency: string;
  periodFrom: string;
  periodTo: string;
  agreementId: string | null;
};

/** The rules of a contribution, checked on the whole record as it would be saved. */
async function assertContribution(db: Queryable, c: ContributionState) {
  if (!isPositive(c.amount)) throw ruleViolation('partners.amount_positive', {}, 'amount');
  if (!isCurrency(c.currency)) {
    throw ruleViolation('partners.currency_unknown', { currency: c.currency }, 'currency');
  }
  if (decimalPlaces(c.amount) > minorUnits(c.currency)) {
    throw ruleViolation('partners.amount_minor_units', { currency: c.currency, places: minorUnits(c.currency) }, 'amount');
  }
  if (c.periodTo < c.periodFrom) {
    throw ruleViolation('partners.period_order', { periodFrom: c.periodFrom, periodTo: c.periodTo }, 'periodTo');
  }
  if (!(await repo.findOrganisation(db, c.organisationId))) {
    throw ruleViolation('reference.organisation_unknown', { ids: c.organisationId }, 'organisationId');
  }
  if (!(await repo.programmeExists(db, c.programmeId))) {
    throw ruleViolation('reference.programme_unknown', {}, 'programmeId');
  }
  if (c.agreementId) {
    const agreement = await repo.findAgreement(db, c.agreementId);
    if (!agreement) throw ruleViolation('reference.agreement_unknown', {}, 'agreementId');
    if (agreement.organisationId !== c.organisationId) {
      throw ruleViolation('partners.agreement_other_organisation', {}, 'agreementId');
    }
  }
}

export async function listContributions(db: Database, actor: Actor, query: ContributionListQuery) {
  const filter = { ...query };
  if (readsOwnOrganisationOnly(actor)) {
    const own = await ownOrganisationOf(db, actor);
    if (!own || (filter.organisationId && filter.organisationId !== own)) {
      return { items: [], totals: { byCurrency: [], byOrganisation: [], byProgramme: [] } };
    }
    filter.organisationId = own;
  }
  const locale = readerLocale(actor);
  const rows = await repo.listContributions(db, filter);
  const items = rows.map((r) => toContribution(r, locale));
  const organisationOf = new Map(items.map((i) => [i.organisation.id, i.organisation]));
  const programmeOf = new Map(items.map((i) => [i.programme.id, i.programme]));
  const [byCurrency, byOrganisation, byProgramme] = [
    await repo.contributionTotals(db, filter, 'none'),
    await repo.contributionTotals(db, filter, 'organisation'),
    await repo.contributionTotals(db, filter, 'programme'),
  ];
  const group = <T>(rows: repo.TotalRow[], lookup: Map<string, T>) =>
    rows.flatMap((r) => {
      const ref = r.groupId ? lookup.get(r.groupId) : undefined;
      return ref ? [{ ref, total: toTotal(r) }] : [];
    });
  return {
    items,
    totals: {
      byCurrency: byCurrency.map(toTotal),
      byOrganisation: group(byOrganisation, organisationOf)
        .map(({ ref, total }) => ({ ...total, organisation: ref }))
        .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name) || a.currency.localeCompare(b.currency)),
      byProgramme: group(byProgramme, programmeOf)
        .map(({ ref, total }) => ({ ...total, programme: ref }))
        .sort((a, b) => a.programme.code.localeCompare(b.programme.code) || a.currency.localeCompare(b.currency)),
    },
  };
}

async function contributionView(db: Queryable, actor: Actor, id: string): Promise<ContributionView> {
  const row = await repo.findContributionWithRefs(db, id);
  if (!row) throw notFound('Contribution');
  return toContribution(row, readerLocale(actor));
}

export async function createContribution(db: Database, actor: Actor, audit: AuditContext, input: CreateContributionInput) {
  return db.transaction(async (tx) => {
    const state: ContributionState = { ...input, agreementId: input.agreementId ?? null };
    await assertContribution(tx, state);
    const row = await repo.insertContribution(tx, {
      ...state,
      earmarked: input.earmarked,
      note: input.note ?? null,
      createdBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'contribution.create',
      recordType: 'contribution',
      recordId: row.id,
      details: {
        organisationId: row.organisationId,
        programmeId: row.programmeId,
        amount: formatAmount(row.amount, row.currency),
        currency: row.currency,
        earmarked: row.earmarked,
      },
    });
    return contributionView(tx, actor, row.id);
  });
}

export async function updateContribution(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: UpdateContributionInput,
) {
  return db.transaction(async (tx) => {
    const before = await repo.findContribution(tx, id, true);
    if (!before) throw notFound('Contribution');
    const state: ContributionState = {
      organisationId: input.organisationId ?? before.organisationId,
      programmeId: input.programmeId ?? before.programmeId,
      amount: input.amount ?? before.amount,
      currency: input.currency ?? before.currency,
      periodFrom: input.periodFrom ?? before.periodFrom,
      periodTo: input.periodTo ?? before.periodTo,
      agreementId: input.agreementId === undefined ? before.agreementId : input.agreementId,
    };
    await assertContribution(tx, state);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    await repo.updateContribution(tx, id, changes);
    await writeAudit(tx, audit, {
      action: 'contribution.update',
      recordType: 'contribution',
      recordId: id,
      details: {
        fields: Object.keys(changes),
        before: { amount: formatAmount(before.amount, before.currency), currency: before.currency },
        after: { amount: formatAmount(state.amount, state.currency), currency: state.currency },
      },
    });
    return contributionView(tx, actor, id);
  });
}

export async function deleteContribution(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await repo.findContribution(tx, id, true);
    if (!row) throw notFound('Contribution');
    await repo.deleteContribution(tx, id);
    await writeAudit(tx, audit, {
      action: 'contribution.delete',
      recordType: 'contribution',
      recordId: id,
      details: {
        organisationId: row.organisationId,
        programmeId: row.programmeId,
        amount: formatAmount(row.amount, row.currency),
        currency: row.currency,
      },
    });
  });
}

// ---------- sessions co-delivered or funded

export async function sessionsOfOrganisation(db: Database, actor: Actor, organisationId: string) {
  await readableOrganisation(db, actor, organisationId);
  const locale = readerLocale(actor);
  const rows = await repo.sessionsOfOrganisation(db, organisationId);
  const items: OrganisationSession[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    // The columns' check constraints hold them to these lists (server/db/schema/delivery.ts).
    status: r.status as SessionStatus,
    startDate: r.startDate,
    endDate: r.endDate,
    venueCity: r.venueCity,
    venueCountry: r.venueCountry,
    modality: r.modality as Modality,
    course: { id: r.courseId, code: r.courseCode, title: resolveText(r.courseTitle, locale), thematicArea: r.thematicArea },
    programme: { id: r.programmeId, code: r.programmeCode },
    bases: r.bases as SessionBasis[],
    states: r.states,
  }));
  return { items };
}

/**
 * The programmes an organisation funds (its contributions) or co-delivers or funds (its courses'
 * delivering partner or donor roles): the results module scopes a partner user's figures by them.
 */
export async function programmesOfOrganisation(db: Queryable, organisationId: string): Promise<string[]> {
  return repo.programmesOfOrganisation(db, organisationId);
}

// ---------- who does what where

async function stateNames(db: Queryable, locale: Locale): Promise<Map<string, string>> {
  const rows = await db.select().from(memberStates);
  const column = { en: 'nameEn', fr: 'nameFr', ar: 'nameAr', pt: 'namePt' } as const;
  return new Map(rows.map((r) => [r.iso2, r[column[locale]]]));
}

async function computeMatrix(db: Database, actor: Actor, query: MatrixQuery) {
  const locale = readerLocale(actor);
  const { organisationId, overlapsOnly, ...filter } = query;
  const rows = await repo.matrixRows(db, filter);
  const organisations = new Map(
    (await repo.findOrganisationsByIds(db, [...new Set(rows.map((r) => r.organisationId))])).map((o) => [
      o.id,
      toOrganisation(o),
    ]),
  );
  const names = await stateNames(db, locale);
  const matrix = buildMatrix(rows, organisations, (iso2) => names.get(iso2) ?? iso2, { organisationId, overlapsOnly });
  return { matrix, organisations };
}

export async function whoDoesWhatWhere(db: Database, actor: Actor, query: MatrixQuery): Promise<Matrix> {
  return (await computeMatrix(db, actor, query)).matrix;
}

export async function whoDoesWhatWhereCsv(db: Database, actor: Actor, query: MatrixQuery): Promise<string> {
  const { matrix, organisations } = await computeMatrix(db, actor, query);
  return matrixCsv(matrix, organisations);
}
