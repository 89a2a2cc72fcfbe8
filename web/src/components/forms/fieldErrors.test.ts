import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createProgrammeSchema } from '../../../../server/modules/curriculum/inputs';
import { createEditionSchema } from '../../../../server/modules/meetings/inputs';
import { createContactSchema } from '../../../../server/modules/partners/inputs';
import { ApiError } from '../../api/client';
import { changedFrom, schemaFieldErrors, serverFieldErrors } from './fieldErrors';

/** Echoes the key and its values, so that a test sees which message was chosen. */
const t = ((key: string, values?: Record<string, unknown>) =>
  values ? `${key} ${JSON.stringify(values)}` : key) as unknown as TFunction;

const errorsOf = (schema: z.ZodType, body: unknown, messages = {}) => {
  const parsed = schema.safeParse(body);
  return parsed.success ? {} : schemaFieldErrors(t, parsed.error.issues, body, messages);
};

describe('schemaFieldErrors (the server request schemas, worded by the form)', () => {
  it('words empty fields as required and an unfilled localised text by the form’s own refinement', () => {
    expect(errorsOf(createProgrammeSchema, { code: '', title: {}, thematicArea: '' }, { title: 'one language' })).toEqual({
      code: 'form.required',
      title: 'one language',
      thematicArea: 'form.required',
    });
  });

  it('words bounds, formats and lists from the issue, never from the English message', () => {
    const errors = errorsOf(createContactSchema, { fullName: 'A', email: 'not-an-email', phone: '12' });
    expect(errors).toEqual({ fullName: 'form.tooShort {"limit":"2"}', email: 'form.email', phone: 'form.format' });
    expect(errorsOf(createProgrammeSchema, { code: 'P1', title: { en: 'T' }, thematicArea: 'astrology' })).toEqual({
      thematicArea: 'form.choose',
    });
  });

  it('puts a refinement on the field its path names, and a whole number where one is expected', () => {
    const body = {
      number: 1.5,
      startDate: '2026-10-06',
      endDate: '2026-10-01',
      city: 'Rabat',
      countryIso2: 'MA',
      theme: { en: 'x' },
    };
    expect(errorsOf(createEditionSchema, body, { endDate: 'end before start' })).toEqual({ number: 'form.wholeNumber' });
    // zod runs a refinement once the fields themselves are valid.
    expect(errorsOf(createEditionSchema, { ...body, number: 7 }, { endDate: 'end before start' })).toEqual({
      endDate: 'end before start',
    });
  });

  it('keeps the first issue of a field and finds nothing wrong in a valid body', () => {
    expect(errorsOf(createContactSchema, { fullName: 'Amina Diallo', email: '', phone: '' })).toEqual({});
  });
});

describe('serverFieldErrors', () => {
  it('maps the fields a refusal names onto the form, translated, and ignores fields it does not have', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Invalid body', [
      { path: 'title.en', message: 'At most 300 characters' },
      { path: 'body', message: 'Unknown' },
      { path: 'code, extra', message: 'Unknown field' },
    ]);
    expect(serverFieldErrors(t, error, ['code', 'title'])).toEqual({ title: 'form.rejected', code: 'form.rejected' });
    const conflict = new ApiError(409, 'CONFLICT', 'Email in use', [{ path: 'email', message: 'Already in use' }]);
    expect(serverFieldErrors(t, conflict, ['email'])).toEqual({ email: 'form.taken' });
    expect(serverFieldErrors(t, new Error('network'), ['email'])).toEqual({});
  });

  it('words a broken rule from its code and values, not from the server’s English', () => {
    const refused = new ApiError(409, 'CONFLICT', 'A session with code X-1 already exists.', [
      { path: 'code', message: 'A session with code X-1 already exists.', rule: 'session.code_taken', params: { code: 'X-1' } },
    ]);
    expect(serverFieldErrors(t, refused, ['code'])).toEqual({
      code: 'rules.session.code_taken {"code":"X-1","defaultValue":"form.taken"}',
    });
  });
});

describe('changedFrom', () => {
  it('tells an edited form from an untouched one', () => {
    expect(changedFrom({ a: '', b: { en: 'x' } }, { a: '', b: { en: 'x' } })).toBe(false);
    expect(changedFrom({ a: '', b: { en: 'x' } }, { a: '', b: { en: 'y' } })).toBe(true);
  });
});
