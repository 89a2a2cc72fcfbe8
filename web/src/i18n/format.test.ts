import i18n from 'i18next';
import { afterAll, describe, expect, it } from 'vitest';
import { locales } from '../../../contract/enums';
import { formatFileSize } from './format';

/** Sizes read in the reader's language: the unit is never left in English (a French "KB" was). */
describe('formatFileSize', () => {
  afterAll(async () => {
    await i18n.changeLanguage('en');
  });

  const sizeIn = async (lang: string, bytes: number) => {
    if (!i18n.isInitialized) {
      const some = { translation: { size: 'size' } };
      await i18n.init({ lng: 'en', supportedLngs: [...locales], resources: { en: some, fr: some, ar: some, pt: some } });
    }
    await i18n.changeLanguage(lang);
    return formatFileSize(bytes).replace(/\s/g, ' ');
  };

  it('chooses the unit by size: bytes, kilobytes, megabytes with one decimal', async () => {
    expect(await sizeIn('en', 812)).toBe('812 byte');
    expect(await sizeIn('en', 34 * 1024 + 100)).toBe('34 kB');
    expect(await sizeIn('en', 2.14 * 1024 * 1024)).toBe('2.1 MB');
  });

  it('writes the unit and the decimal mark of each language', async () => {
    expect(await sizeIn('fr', 34 * 1024)).toBe('34 ko');
    expect(await sizeIn('fr', 2.14 * 1024 * 1024)).toBe('2,1 Mo');
    expect(await sizeIn('pt', 2.14 * 1024 * 1024)).toBe('2,1 MB');
    const arabic = await sizeIn('ar', 34 * 1024);
    expect(arabic).toContain('34');
    expect(arabic).not.toMatch(/kB|KB/);
  });
});
