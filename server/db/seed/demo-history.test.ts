import { getTableName } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { nameKeysOf } from '../../modules/registry/names';
import { generateDemoHistory } from './demo-history';

const actors = { officerId: 'officer', trainerId: 'trainer', focalPointIds: { NG: 'focal-ng' } };

type Row = Record<string, unknown>;

/** The rows the generator produces, by table name. */
async function collect(scale: number): Promise<Record<string, Row[]>> {
  const rows: Record<string, Row[]> = {};
  await generateDemoHistory(scale, actors, {
    async add(table, row) {
      const name = getTableName(table);
      rows[name] = rows[name] ?? [];
      rows[name].push(row);
    },
  });
  return rows;
}

describe('the demo history', () => {
  let all: Record<string, Row[]>;
  let rows: { officials: Row[]; nominations: Row[]; sessions: Row[] };
  beforeAll(async () => {
    all = await collect(1);
    rows = { officials: all.officials ?? [], nominations: all.nominations ?? [], sessions: all.training_sessions ?? [] };
  });

  it('is the same on every run, ids included', async () => {
    const again = await collect(1);
    expect(again.officials?.map((o) => o.id)).toEqual(rows.officials.map((o) => o.id));
    expect(again.nominations).toEqual(all.nominations);
  });

  it('spans October 2020 to October 2025 with about 60 sessions in 34 states', () => {
    expect(rows.sessions).toHaveLength(60);
    const starts = rows.sessions.map((s) => s.startDate as string).sort();
    expect(starts[0]?.slice(0, 7)).toBe('2020-10');
    expect(starts.at(-1)?.slice(0, 4)).toBe('2025');
    expect(new Set(rows.officials.map((o) => o.stateIso2)).size).toBe(34);
  });

  it('has about a fifth women among the officials', () => {
    const women = rows.officials.filter((o) => o.sex === 'female').length / rows.officials.length;
    expect(women).toBeGreaterThan(0.15);
    expect(women).toBeLessThan(0.25);
  });

  it('enters some persons twice with spelling variants that the name keys bring together', () => {
    const byBirth = new Map<string, typeof rows.officials>();
    for (const o of rows.officials)
      if (o.birthDate) byBirth.set(`${o.stateIso2}|${o.birthDate}`, [...(byBirth.get(`${o.stateIso2}|${o.birthDate}`) ?? []), o]);
    const variants = [...byBirth.values()].filter(
      (group) =>
        group.length > 1 &&
        group.some((a) =>
          group.some(
            (b) =>
              a !== b &&
              `${a.givenNames} ${a.familyName}` !== `${b.givenNames} ${b.familyName}` &&
              nameKeysOf(a.givenNames as string, a.familyName as string).join() ===
                nameKeysOf(b.givenNames as string, b.familyName as string).join(),
          ),
        ),
    );
    expect(variants.length).toBeGreaterThan(5);
  });

  it('never accepts more participants than a session holds', () => {
    for (const session of rows.sessions) {
      const accepted = rows.nominations.filter((n) => n.sessionId === session.id && n.status === 'accepted').length;
      expect(accepted).toBeLessThanOrEqual(session.capacity as number);
    }
  });
});
