import { z } from 'zod';
import { locales, revocationReasons } from '../../db/schema';
import { capabilities, isoDate, optionalText } from '../../platform/schemas';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });
export const listParamSchema = z.object({ listId: z.coerce.number().int().min(1).max(100_000) });

/** A VC-JWT: three base64url parts; bounded so that no one posts megabytes to a public route. */
const jwtSchema = z
  .string()
  .trim()
  .max(20_000, 'At most 20,000 characters')
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'Not a JWT (three base64url parts separated by dots)');

/** What a verifier holds (the JWT or the code printed on paper) and, to confirm the holder, what the paper says. */
export const verifyInputSchema = z
  .strictObject({
    jwt: jwtSchema.optional(),
    code: z.string().trim().min(1).max(40).optional(),
    name: z.string().trim().min(1, 'Type the name as printed').max(300).optional(),
    birthDate: isoDate.optional(),
    email: z.email('Not an email address').max(254).optional(),
  })
  .refine((v) => (v.jwt === undefined) !== (v.code === undefined), {
    message: 'Give either the credential (jwt) or its verification code (code)',
    path: ['jwt'],
  })
  .refine((v) => v.name !== undefined || (v.birthDate === undefined && v.email === undefined), {
    message: 'A birth date or an email is checked with the name only',
    path: ['name'],
  });

export const verificationStatuses = ['valid', 'revoked', 'expired', 'unknown', 'invalid'] as const;

export const verifyResultSchema = z.object({
  status: z.enum(verificationStatuses),
  /** Why it is invalid (the signature, an unknown key…) or revoked (error, fraud…). */
  reason: z.string().nullable(),
  /** What the holder's hash covers, so that a verifier knows what to type besides the name. */
  identityType: z.enum(['ext:NameAndBirthDate', 'ext:NameAndEmail', 'name']).nullable(),
  /** Null unless a name was typed (and the certificate is known): never the name itself. */
  nameMatches: z.boolean().nullable(),
  certificate: z
    .object({
      verificationCode: z.string().nullable(),
      course: z.string(),
      courseCode: z.string(),
      hours: z.number(),
      trainingOfTrainers: z.boolean(),
      startDate: z.string().nullable(),
      endDate: z.string().nullable(),
      validFrom: z.string(),
      issuer: z.string(),
      issuedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    })
    .nullable(),
});

export const revokeInputSchema = z.strictObject({
  reason: z.enum(revocationReasons.filter((r) => r !== 'superseded') as ['error', 'fraud', 'completion_withdrawn']),
  note: optionalText(1000),
});

export const listQuerySchema = z.strictObject({
  sessionId: z.uuid('Not a valid id').optional(),
  status: z.enum(['valid', 'revoked']).optional(),
});

const personSchema = z.object({ id: z.uuid(), familyName: z.string(), givenNames: z.string(), stateIso2: z.string() });

export const certificateSchema = z.object({
  id: z.uuid(),
  verificationCode: z.string(),
  verifyUrl: z.string(),
  official: personSchema,
  session: z.object({ id: z.uuid(), code: z.string(), startDate: z.string(), endDate: z.string() }),
  course: z.object({ code: z.string(), title: z.string() }),
  locale: z.enum(locales),
  trainingOfTrainers: z.boolean(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.enum(revocationReasons).nullable(),
  revocationNote: z.string().nullable(),
  supersededBy: z.uuid().nullable(),
  can: capabilities('revoke'),
});

export const certificateListSchema = z.object({ items: z.array(certificateSchema) });

export const previewSchema = z.object({
  session: z.object({ id: z.uuid(), code: z.string(), status: z.string(), final: z.boolean() }),
  rows: z.array(
    z.object({
      nominationId: z.uuid(),
      official: personSchema,
      completed: z.boolean(),
      /** issue: gets a certificate now; held: holds a valid one; revoked: barred (fraud, withdrawn by the office); not_completed: none. */
      action: z.enum(['issue', 'held', 'revoked', 'not_completed']),
      certificateId: z.uuid().nullable(),
    }),
  ),
  toIssue: z.number(),
  held: z.number(),
});

export const issueResultSchema = z.object({ issued: z.number(), items: z.array(certificateSchema) });

export const jwksSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      alg: z.literal('EdDSA'),
      use: z.literal('sig'),
    }),
  ),
});

export const issuerProfileSchema = z.object({
  '@context': z.array(z.string()),
  id: z.string(),
  type: z.array(z.string()),
  name: z.string(),
  url: z.string(),
});

export const paperQuerySchema = z.strictObject({ lang: z.enum(locales).optional() });
