import { describe, expect, it } from 'vitest';
import { searchKey } from './service';

describe('searchKey', () => {
  it('ignores case, accents and punctuation', () => {
    expect(searchKey("Côte d'Ivoire")).toBe(searchKey('COTE DIVOIRE'));
    expect(searchKey('São Tomé e Príncipe')).toBe('saotomeeprincipe');
  });
  it('keeps Arabic letters', () => {
    expect(searchKey('المغرب')).toBe('المغرب');
  });
});
