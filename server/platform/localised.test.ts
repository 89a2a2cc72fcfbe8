import { describe, expect, it } from 'vitest';
import { resolveText } from './localised';

describe('resolveText', () => {
  it('prefers the reader’s language, then en, fr, ar, pt', () => {
    expect(resolveText({ en: 'A', fr: 'B' }, 'fr')).toEqual({ text: 'B', lang: 'fr', values: { en: 'A', fr: 'B' } });
    expect(resolveText({ fr: 'B', ar: 'C' }, 'pt')).toMatchObject({ text: 'B', lang: 'fr' });
    expect(resolveText({ pt: 'D', ar: 'C' }, 'en')).toMatchObject({ text: 'C', lang: 'ar' });
  });
  it('skips blank languages and gives an empty text when none is written', () => {
    expect(resolveText({ en: '  ', pt: 'D' }, 'en')).toEqual({ text: 'D', lang: 'pt', values: { pt: 'D' } });
    expect(resolveText({}, 'ar')).toEqual({ text: '', lang: null, values: {} });
  });
});
