import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { birthDateOf, parseOfficialsFile, sexOf, templateCsv, templateXlsx } from './columns';

const csv = (text: string) => Buffer.from(text);

// Each file is read in a thread of its own (read-file.ts), which takes a moment to start.
describe('officials file columns', { timeout: 30_000 }, () => {
  it('reads English and French headers in any case, with accents or spaces', async () => {
    const sheet = await parseOfficialsFile('a.csv', csv('Nom;Prénoms;SEXE;Date de naissance\nTraoré;Awa;F;01/02/1990\n'));
    expect(sheet.headers).toEqual({ familyName: 'Nom', givenNames: 'Prénoms', sex: 'SEXE', birthDate: 'Date de naissance' });
    expect(sheet.rows).toEqual([
      { line: 2, values: { familyName: 'Traoré', givenNames: 'Awa', sex: 'F', birthDate: '01/02/1990' } },
    ]);
  });

  it('skips blank lines but keeps the file line numbers', async () => {
    const sheet = await parseOfficialsFile('a.csv', csv('family_name,given_names,sex\n\nA,B,F\n,,\nC,D,M\n'));
    expect(sheet.rows.map((r) => r.line)).toEqual([3, 5]);
  });

  it('refuses wrong columns with a message naming them', async () => {
    const refused = (text: string) => parseOfficialsFile('a.csv', csv(text)).catch((e: AppError) => e.message);
    await expect(refused('family_name,given_names,sex,colour\nA,B,F,red')).resolves.toContain('"colour"');
    await expect(refused('family_name,sex\nA,F')).resolves.toContain('given_names / prenoms');
    await expect(parseOfficialsFile('a.txt', csv('x'))).rejects.toBeInstanceOf(AppError);
  });

  it('understands the usual ways of writing sex and dates', () => {
    expect(['F', 'femme', 'Féminin', 'female', 'M', 'Homme', 'h', 'male'].map(sexOf)).toEqual([
      'female',
      'female',
      'female',
      'female',
      'male',
      'male',
      'male',
      'male',
    ]);
    expect(sexOf('x')).toBe('x');
    expect(birthDateOf('1985-4-3')).toBe('1985-04-03');
    expect(birthDateOf('23/04/1985')).toBe('1985-04-23');
    expect(birthDateOf('23.04.1985')).toBe('1985-04-23');
    expect(birthDateOf('April 1985')).toBe('April 1985');
  });

  it('reads back its own templates', async () => {
    for (const lang of ['en', 'fr'] as const) {
      const fromCsv = await parseOfficialsFile('t.csv', Buffer.from(templateCsv(lang)));
      const fromXlsx = await parseOfficialsFile('t.xlsx', await templateXlsx(lang));
      expect(fromCsv.rows).toHaveLength(1);
      expect(fromXlsx.rows[0]?.values).toEqual(fromCsv.rows[0]?.values);
    }
  });
});
