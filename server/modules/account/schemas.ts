import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../platform/passwords';
import { NO_FIELD_GIVEN, someFieldGiven } from '../../platform/schemas';
import { displayNameSchema, localeSchema } from '../users/schemas';

export const updateMeSchema = z
  .strictObject({ locale: localeSchema.optional(), displayName: displayNameSchema.optional() })
  .refine(someFieldGiven, NO_FIELD_GIVEN);

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, 'Required').max(1024),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024, 'At most 1024 characters'),
});

export const totpCodeSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The 6-digit code from your authenticator app'),
});

export const mfaSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
