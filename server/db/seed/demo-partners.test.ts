import { describe, expect, it } from 'vitest';
import { decimalPlaces, isCurrency, isPositive, minorUnits } from '../../modules/partners/money';
import { checkedFile } from '../../platform/files';
import { demoPartners, placeholderPdf } from './demo-partners';

const contributionsOf = demoPartners.flatMap((p) => p.contributions.map((c) => ({ ...c, partner: p })));

describe('the demo partners', () => {
  it('keep every rule a contribution is held to', () => {
    for (const c of contributionsOf) {
      const what = `${JSON.stringify(c.partner.key)} ${c.programme} ${c.periodFrom}`;
      expect(isPositive(c.amount), what).toBe(true);
      expect(isCurrency(c.currency), what).toBe(true);
      expect(decimalPlaces(c.amount), what).toBeLessThanOrEqual(minorUnits(c.currency));
      expect(c.periodTo >= c.periodFrom, what).toBe(true);
      if (c.agreement)
        expect(
          c.partner.agreements.map((a) => a.ref),
          what,
        ).toContain(c.agreement);
    }
    for (const a of demoPartners.flatMap((p) => p.agreements)) {
      expect(a.validTo === null || a.validTo >= a.validFrom, a.ref).toBe(true);
    }
  });

  it('span 2021–2026, several currencies, earmarked and not, and every programme', () => {
    const years = new Set(contributionsOf.flatMap((c) => [c.periodFrom.slice(0, 4), c.periodTo.slice(0, 4)]));
    for (const year of ['2021', '2022', '2023', '2024', '2025', '2026']) expect(years).toContain(year);
    expect(new Set(contributionsOf.map((c) => c.currency))).toEqual(new Set(['EUR', 'JPY', 'USD']));
    expect(new Set(contributionsOf.map((c) => c.earmarked))).toEqual(new Set([true, false]));
    expect(new Set(contributionsOf.map((c) => c.programme))).toEqual(new Set(['CTI', 'FUS', 'KFR', 'PRI', 'BOR', 'CFT']));
  });

  it('attach documents the file store accepts as PDF', () => {
    const pdf = placeholderPdf('Funding agreement – 2024–2026 (EU)');
    expect(checkedFile({ name: 'signed.pdf', mediaType: 'application/pdf', content: pdf }).mediaType).toBe('application/pdf');
    expect(pdf.toString('latin1')).toContain('/Root 1 0 R');
  });
});
