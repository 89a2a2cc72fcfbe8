import { z } from 'zod';
import { int4, iso2Schema, queryInt4 } from '../../platform/schemas';
import { localeSchema, roleSchema } from './inputs';

export { displayNameSchema, localeSchema } from './inputs';
export { iso2Schema };

export const userIdSchema = z.object({ id: z.uuid('Not a valid user id') });

/** What a user sees of their own account. */
export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  stateIso2: z.string().nullable(),
  locale: localeSchema,
  mfaEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  mustChangePassword: z.boolean(),
  /** The sign-in before the current one: shown so that the user notices one they did not make. */
  previousSignInAt: z.iso.datetime().nullable(),
});
export type Me = z.infer<typeof meSchema>;

/** What the admin sees of any account. */
export const userSchema = meSchema.extend({
  active: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  deactivatedAt: z.iso.datetime().nullable(),
  /** A participant's own record in the registry (what they see as "my trainings"); null for everyone else. */
  officialId: z.uuid().nullable(),
});
export type UserView = z.infer<typeof userSchema>;

export const userListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: roleSchema.optional(),
  stateIso2: iso2Schema.optional(),
  active: z.enum(['true', 'false']).optional(),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
});

export const userListSchema = z.object({
  items: z.array(userSchema),
  total: int4(),
  page: int4(),
  pageSize: int4(),
});

/** Officials a participant account may be linked to: of one state, not merged, without an account. */
export const officialCandidatesQuerySchema = z.strictObject({
  stateIso2: iso2Schema,
  q: z.string().trim().max(200).optional(),
  /** The account being edited: its own linked official stays a candidate. */
  userId: z.uuid('Not a valid user id').optional(),
});

export const officialCandidateSchema = z.object({
  id: z.uuid(),
  familyName: z.string(),
  givenNames: z.string(),
  nameOriginal: z.string().nullable(),
  agencyName: z.string().nullable(),
});
export type OfficialCandidate = z.infer<typeof officialCandidateSchema>;

export const officialCandidatesSchema = z.object({ items: z.array(officialCandidateSchema) });

export const temporaryPasswordSchema = z.object({ temporaryPassword: z.string() });

/** A new account: the invitation to choose a password went to this address (through the outbox). */
export const createdUserSchema = z.object({ user: userSchema, invitationSentTo: z.string() });
