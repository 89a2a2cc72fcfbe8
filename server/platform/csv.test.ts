import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvDocument, csvText, verbatim } from './csv';

describe('CSV text', () => {
  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvText('+1')).toBe("'+1");
    expect(csvText('-2+3')).toBe("'-2+3");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('\t=1')).toBe("'\t=1");
    expect(csvText('Nigeria')).toBe('Nigeria');
    expect(csvText('a = b')).toBe('a = b');
  });

  it('quotes as RFC 4180 says: commas, quotes, line breaks and edge spaces', () => {
    expect(csvText('Fez, Morocco')).toBe('"Fez, Morocco"');
    expect(csvText('the "Marrakech Platform"')).toBe('"the ""Marrakech Platform"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText(' padded ')).toBe('" padded "');
  });
});

describe('CSV document', () => {
  it('starts with a byte-order mark, ends lines with CRLF and reads back cell for cell', () => {
    const rows = [['Délégation', 'الوفد'], [], ['Fez, Morocco', 'the "Platform"'], ['=1+1', verbatim('-2.5')]];
    const text = csvDocument(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[1]).toBe('');
    expect(parse(text.slice(1), { relaxColumnCount: true, skipEmptyLines: true })).toEqual([
      ['Délégation', 'الوفد'],
      ['Fez, Morocco', 'the "Platform"'],
      ["'=1+1", '-2.5'],
    ]);
  });

  it('writes its own cells as given, quoted only where the format needs it', () => {
    expect(csvDocument([[verbatim('+223 70 00 00 00'), verbatim('fr; bm')]])).toBe('\uFEFF+223 70 00 00 00,"fr; bm"\r\n');
  });
});
