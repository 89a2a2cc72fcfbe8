import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { checkedFile, cleanFileName } from './files';

const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, reason: error.details?.[0]?.message };
    throw error;
  }
  throw new Error('accepted');
};

describe('the file store’s checks', () => {
  it('keeps the last segment of a browser-sent name, without control characters or quotes', () => {
    expect(cleanFileName('C:\\fakepath\\Rapport final.pdf')).toBe('Rapport final.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\u001f"c".pdf')).toBe('abc.pdf');
    expect(cleanFileName(`${'x'.repeat(300)}.pdf`)).toHaveLength(200);
    expect(cleanFileName(`${'x'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true);
  });

  it('stores the media type its extension names, whatever the browser claimed', () => {
    expect(checkedFile({ name: 'Outcome.PDF', mediaType: 'application/octet-stream', content: pdf }).mediaType).toBe(
      'application/pdf',
    );
    const text = checkedFile({ name: 'الوثيقة.txt', mediaType: 'text/html', content: Buffer.from('نص عربي\n') });
    expect(text).toMatchObject({ name: 'الوثيقة.txt', mediaType: 'text/plain' });
  });

  it('refuses kinds not accepted and content that is not what its name says', () => {
    expect(refusal(() => checkedFile({ name: 'page.html', mediaType: 'text/html', content: Buffer.from('<p>') }))).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      reason: 'FILE_TYPE_NOT_ACCEPTED',
    });
    expect(refusal(() => checkedFile({ name: 'x.pdf', mediaType: 'application/pdf', content: Buffer.from('<html>') }))).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      reason: 'FILE_CONTENT_MISMATCH',
    });
    expect(refusal(() => checkedFile({ name: 'x.txt', mediaType: 'text/plain', content: Buffer.from([0xc3, 0x28]) }))).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      reason: 'FILE_CONTENT_MISMATCH',
    });
    expect(refusal(() => checkedFile({ name: 'x.pdf', mediaType: 'application/pdf', content: Buffer.alloc(0) }))).toEqual({
      code: 'VALIDATION_FAILED',
      reason: 'FILE_EMPTY',
    });
  });
});
