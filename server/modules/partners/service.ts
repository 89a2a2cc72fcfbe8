import type { OrganisationKind } from '../../db/schema';
import { AppError } from '../../errors';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database } from '../../platform/db';
import * as repo from './repository';
import type { CreateOrganisationInput, OrganisationView } from './schemas';

export const toOrganisation = (row: repo.OrganisationRow): OrganisationView => ({
  id: row.id,
  name: row.name,
  acronym: row.acronym,
  kind: row.kind,
});

export async function listOrganisations(db: Database, kind?: OrganisationKind) {
  return { items: (await repo.listOrganisations(db, kind)).map(toOrganisation) };
}

export async function createOrganisation(db: Database, audit: AuditContext, input: CreateOrganisationInput) {
  return db.transaction(async (tx) => {
    if (await repo.findOrganisationByName(tx, input.name)) {
      throw new AppError('CONFLICT', `An organisation named ${input.name} already exists`, {
        details: [{ path: 'name', message: 'Already exists' }],
      });
    }
    const row = await repo.insertOrganisation(tx, { name: input.name, acronym: input.acronym ?? null, kind: input.kind });
    await writeAudit(tx, audit, {
      action: 'organisation.create',
      recordType: 'organisation',
      recordId: row.id,
      details: { name: row.name, kind: row.kind },
    });
    return toOrganisation(row);
  });
}
