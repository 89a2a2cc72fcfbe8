import { z } from 'zod';
import { accountLinkPurposes } from '../../../contract/enums';
import { type Permission, permissions } from '../../platform/access';
import { meSchema } from '../users/schemas';

export const loginSchema = z.strictObject({
  email: z.string().trim().min(1, 'Required').max(254),
  password: z.string().min(1, 'Required').max(1024),
});

export const secondFactorSchema = z.strictObject({
  code: z.string().trim().min(6, 'Give the 6-digit code or a recovery code').max(32),
});

export const sessionViewSchema = z.object({
  stage: z.enum(['password', 'enrol', 'full']),
  csrfToken: z.string(),
  user: meSchema,
  /** What the user's role may do when fully signed in (server/platform/access.ts): the web asks these, not the role. */
  permissions: z.array(z.enum(Object.keys(permissions) as [Permission, ...Permission[]])),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const passwordResetRequestSchema = z.strictObject({
  email: z.string().trim().min(1, 'Required').max(254),
});

export const setPasswordSchema = z.strictObject({
  /** The token from the mailed link's fragment. */
  token: z.string().min(1, 'Required').max(128),
  password: z.string().min(1, 'Required').max(1024),
});

export const setPasswordResultSchema = z.object({ purpose: z.enum(accountLinkPurposes) });
