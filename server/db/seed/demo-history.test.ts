import { describe, expect, it } from 'vitest';
import { nameKeysOf } from '../../modules/registry/names';
import { buildDemoHistory } from './demo-history';

const actors = { officerId: 'officer', trainerId: 'trainer', focalPointIds: { NG: 'focal-ng' } };

describe('the demo history', () => {
  const rows = buildDemoHistory(1, actors);

  it('is the same on every run, ids included', () => {
    const again = buildDemoHistory(1, actors);
    expect(again.officials.map((o) => o.id)).toEqual(rows.officials.map((o) => o.id));
    expect(again.nominations).toEqual(rows.nominations);
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
              nameKeysOf(a.givenNames, a.familyName).join() === nameKeysOf(b.givenNames, b.familyName).join(),
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
