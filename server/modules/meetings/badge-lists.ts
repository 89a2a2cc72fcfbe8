import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale } from '../../platform/localised';
import { badgeCsv } from './badges';
import { editionOr404 } from './editions';
import * as repo from './repository';
import type { BadgeView } from './schemas';

// Badges of an edition's approved delegates.

async function badgesOf(db: Queryable, editionId: string): Promise<BadgeView[]> {
  const rows = await repo.approvedDelegates(db, editionId);
  return rows.map((r) => ({
    delegateId: r.delegate.id,
    title: r.delegate.title,
    givenNames: r.delegate.givenNames,
    familyName: r.delegate.familyName,
    function: r.delegate.function,
    headOfDelegation: r.delegation.headDelegateId === r.delegate.id,
    delegationId: r.delegation.id,
    role: r.delegation.role,
    stateIso2: r.delegation.stateIso2,
    agencyName: r.agencyName,
    organisationName: r.organisationName,
  }));
}

/** An edition and its badges, the read audited as a read of personal data in the format it is given in. */
async function readBadges(db: Database, audit: AuditContext, editionId: string, format: 'json' | 'csv') {
  const edition = await editionOr404(db, editionId);
  const items = await badgesOf(db, editionId);
  await writeAudit(db, audit, {
    action: 'meeting_badges.read',
    recordType: 'meeting_edition',
    recordId: editionId,
    details: { format, delegateIds: items.map((i) => i.delegateId) },
  });
  return { edition, items };
}

/** Approved delegates by delegation, for printing badges. */
export async function listBadges(db: Database, audit: AuditContext, editionId: string) {
  const { edition, items } = await readBadges(db, audit, editionId, 'json');
  const { id, number, city, startDate, endDate } = edition;
  return { edition: { id, number, city, startDate, endDate }, items };
}

export async function badgesCsv(db: Database, audit: AuditContext, actor: Actor, editionId: string) {
  const { edition, items } = await readBadges(db, audit, editionId, 'csv');
  const locale = readerLocale(actor);
  return { fileName: `badges-edition-${edition.number}.csv`, csv: await badgeCsv(db, items, locale) };
}
