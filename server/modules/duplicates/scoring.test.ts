import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBlockIndex,
  DUPLICATE_THRESHOLD,
  findCandidatePairs,
  MAX_BLOCK,
  type OfficialLike,
  scorePair,
  scoringRecordOf,
} from './scoring';

const givenNames = ['Mohamed', 'Awa', 'Fatima', 'Youssef', 'Aminata', 'Ibrahim', 'Chinedu', 'Ngozi', 'Abdelaziz', 'Kofi'];
const familyNames = ['Traoré', 'Ould Ahmed', 'Benali', 'Okafor', 'Diallo', 'Mensah', 'El Idrissi', 'Kamara', 'Haile'];

const official: fc.Arbitrary<OfficialLike> = fc.record({
  stateIso2: fc.constantFrom('NG', 'ML', 'MA', 'SN'),
  agencyId: fc.option(fc.constantFrom('a1', 'a2', 'a3'), { nil: null }),
  familyName: fc.constantFrom(...familyNames),
  givenNames: fc.constantFrom(...givenNames),
  nameOriginal: fc.option(fc.constantFrom('محمد ولد أحمد', 'فاطمة بنعلي'), { nil: null }),
  sex: fc.constantFrom('female', 'male'),
  birthDate: fc.option(fc.constantFrom('1980-01-02', '1985-06-30', '1990-12-12'), { nil: null }),
  email: fc.option(fc.constantFrom('a@x.org', 'b@y.org'), { nil: null }),
  phone: fc.option(fc.constantFrom('+223 70 12 34 56', '0022370123456', '+234 803 000 0000'), { nil: null }),
});

const score = (a: OfficialLike, b: OfficialLike) => scorePair(scoringRecordOf(a), scoringRecordOf(b)).score;

/** The attributes a pair can share, and how to make both records share one. */
const sharable = ['agencyId', 'nameOriginal', 'birthDate', 'email', 'phone'] as const;

describe('duplicate scoring', () => {
  it('is symmetric, reasons included', () => {
    fc.assert(
      fc.property(official, official, (a, b) => {
        const ab = scorePair(scoringRecordOf(a), scoringRecordOf(b));
        const ba = scorePair(scoringRecordOf(b), scoringRecordOf(a));
        expect(ab.score).toBe(ba.score);
        expect([...ab.reasons].sort()).toEqual([...ba.reasons].sort());
      }),
    );
  });

  it('stays in [0, 1]', () => {
    fc.assert(
      fc.property(official, official, (a, b) => {
        const s = score(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('scores a record with itself at least as high as with any other record', () => {
    fc.assert(
      fc.property(official, official, (a, b) => {
        expect(score(a, a)).toBeGreaterThanOrEqual(score(a, b));
        expect(score(a, a)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
      }),
    );
  });

  it('never lowers the score when the pair comes to share one more attribute', () => {
    fc.assert(
      fc.property(official, official, fc.constantFrom(...sharable), (a, b, field) => {
        if (a[field] == null) return; // nothing to share
        const before = score(a, b);
        const after = score(a, { ...b, [field]: a[field] });
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('never lowers the score when the pair comes to share the same state, sex or names', () => {
    fc.assert(
      fc.property(official, official, fc.constantFrom('stateIso2', 'sex', 'familyName', 'givenNames'), (a, b, field) => {
        expect(score(a, { ...b, [field]: a[field] })).toBeGreaterThanOrEqual(score(a, b));
      }),
    );
  });

  it('keeps a pair differing only in transliteration above the threshold', () => {
    const variants: [string, string][] = [
      ['Mohamed', 'Muhammad'],
      ['Mohammed', 'Mohamed'],
      ['Youssef', 'Youcef'],
      ['Ould Ahmed', 'Wld Ahmed'],
      ['Chérif', 'Cherif'],
      ['Abdelaziz', 'Abd el Aziz'],
    ];
    fc.assert(
      fc.property(official, fc.constantFrom(...variants), fc.boolean(), (base, [v1, v2], swapOrder) => {
        const a = { ...base, givenNames: v1 };
        const b = swapOrder ? { ...base, givenNames: base.familyName, familyName: v2 } : { ...base, givenNames: v2 };
        if (swapOrder) {
          // Names in another order: the family name was written where the given names go.
          a.familyName = base.familyName;
        }
        const s = scorePair(scoringRecordOf(a), scoringRecordOf(b));
        expect(s.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
        expect(s.reasons).toContain('same_name_keys');
      }),
    );
  });

  it('explains a score with its reasons, including the evidence against', () => {
    const a: OfficialLike = {
      stateIso2: 'ML',
      agencyId: 'a1',
      familyName: 'Traoré',
      givenNames: 'Mohamed',
      sex: 'male',
      birthDate: '1980-01-02',
      phone: '+223 70 12 34 56',
    };
    const same = scorePair(
      scoringRecordOf(a),
      scoringRecordOf({ ...a, familyName: 'Traore', givenNames: 'Muhammad', phone: '0022370123456' }),
    );
    expect(same.reasons).toEqual(['same_name_keys', 'same_birth_date', 'same_agency', 'same_state', 'same_phone']);
    expect(same.score).toBeGreaterThan(0.95);
    const other = scorePair(scoringRecordOf(a), scoringRecordOf({ ...a, birthDate: '1991-03-04', phone: null }));
    expect(other.reasons).toContain('different_birth_date');
    expect(other.score).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('finds pairs through blocks, not all pairs, and skips pairs marked distinct', async () => {
    const records = [
      { stateIso2: 'ML', familyName: 'Traoré', givenNames: 'Mohamed', sex: 'male' },
      { stateIso2: 'ML', familyName: 'Diallo', givenNames: 'Awa', sex: 'female' },
      { stateIso2: 'ML', familyName: 'Traore', givenNames: 'Muhammad', sex: 'male' },
      { stateIso2: 'SN', familyName: 'Traoré', givenNames: 'Mohamed', sex: 'male' },
    ].map(scoringRecordOf);
    const pairs = await findCandidatePairs(records);
    expect(pairs.map((p) => [p.i, p.j])).toEqual([[0, 2]]);
    expect(await findCandidatePairs(records, { skip: (i, j) => i === 0 && j === 2 })).toEqual([]);
  });

  it('reports every pair that shares a block exactly once, as comparing all pairs would', async () => {
    // Few names, dates and agencies: records share several blocks at once, and some blocks grow
    // past MAX_BLOCK so that they are split by birth year and agency.
    const families = ['Traoré', 'Traore', 'Diallo', 'Keita', 'Coulibaly'];
    const given = ['Mohamed', 'Muhammad', 'Awa', 'Fatoumata'];
    const records = Array.from({ length: 1_000 }, (_, r) =>
      scoringRecordOf({
        stateIso2: 'ML',
        agencyId: `a${r % 3}`,
        familyName: families[r % families.length] as string,
        givenNames: given[(r * 7) % given.length] as string,
        sex: r % 2 ? 'male' : 'female',
        birthDate: `19${70 + (r % 3)}-01-0${1 + (r % 2)}`,
      }),
    );
    const found = await findCandidatePairs(records, { threshold: 0 });
    const keys = found.map((p) => `${p.i}-${p.j}`);
    expect(new Set(keys).size).toBe(keys.length);
    const { blocks } = await buildBlockIndex(records);
    const expected = new Set<string>();
    for (const members of blocks.values()) {
      if (members.length > MAX_BLOCK * 4) continue;
      for (const p of members) for (const q of members) if (p < q) expected.add(`${p}-${q}`);
    }
    expect(expected.size).toBeGreaterThan(10_000);
    expect(new Set(keys)).toEqual(expected);
  }, 60_000);
});
