import { describe, expect, it } from 'vitest';
import { decimalPlaces, formatAmount, isCurrency, isPositive, minorUnits } from './money';

describe('money', () => {
  it('knows ISO 4217 codes in use and refuses others', () => {
    for (const code of ['USD', 'EUR', 'JPY', 'QAR', 'XOF', 'MAD']) expect(isCurrency(code)).toBe(true);
    for (const code of ['XXX', 'ABC', 'usd', 'EURO', 'XAU']) expect(isCurrency(code)).toBe(false);
  });

  it('uses the ISO 4217 minor units', () => {
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('XOF')).toBe(0);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('IQD')).toBe(3);
  });

  it('counts significant decimals and tells a positive amount', () => {
    expect(decimalPlaces('10')).toBe(0);
    expect(decimalPlaces('10.50')).toBe(1);
    expect(decimalPlaces('10.125')).toBe(3);
    expect(isPositive('0.00')).toBe(false);
    expect(isPositive('0')).toBe(false);
    expect(isPositive('0.01')).toBe(true);
  });

  it('writes amounts with the currency minor units, exactly', () => {
    expect(formatAmount('1250000', 'EUR')).toBe('1250000.00');
    expect(formatAmount('5000000.000', 'JPY')).toBe('5000000');
    expect(formatAmount('0012.5', 'USD')).toBe('12.50');
    expect(formatAmount('12.125', 'KWD')).toBe('12.125');
    // Exact beyond what a float holds.
    expect(formatAmount('123456789012345.67', 'USD')).toBe('123456789012345.67');
  });
});
