/**
 * Shapes of the Tadrib HTTP API, inferred from the server's own zod schemas (type-only imports:
 * nothing of the server reaches the browser bundle), so a change of contract fails the type-check.
 */
import type { z } from 'zod';
import type { mfaSetupSchema, recoveryCodesSchema } from '../../../server/modules/account/schemas';
import type { anchorStatusSchema, auditEntrySchema, chainVerdictSchema } from '../../../server/modules/audit/schemas';
import type { sessionViewSchema } from '../../../server/modules/auth/schemas';
import type { stateDetailSchema, stateSchema } from '../../../server/modules/reference/schemas';
import type { ssoPublicView, ssoSettingsInput, ssoSettingsView } from '../../../server/modules/sso/schemas';
import type { SsoFailureReason } from '../../../server/modules/sso/service';
import type {
  localeSchema,
  meSchema,
  officialCandidateSchema,
  roleSchema,
  userSchema,
} from '../../../server/modules/users/schemas';

export type Role = z.infer<typeof roleSchema>;
export type Locale = z.infer<typeof localeSchema>;
export type Me = z.infer<typeof meSchema>;
export type SessionView = z.infer<typeof sessionViewSchema>;
/** A permission of server/platform/access.ts, as the session view lists those of the user's role. */
export type Permission = SessionView['permissions'][number];
/** Asks whether the signed-in user holds a permission: screens ask this instead of testing the role. */
export type Can = (permission: Permission) => boolean;
export type User = z.infer<typeof userSchema>;
export type OfficialCandidate = z.infer<typeof officialCandidateSchema>;
export type MfaSetup = z.infer<typeof mfaSetupSchema>;
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditOutcome = AuditEntry['outcome'];
export type AuditVerification = z.infer<typeof chainVerdictSchema>;
export type AuditAnchor = z.infer<typeof anchorStatusSchema>;
export type MemberState = z.infer<typeof stateSchema>;
export type Subregion = MemberState['subregion'];
export type MemberStateDetail = z.infer<typeof stateDetailSchema>;

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export type TemporaryPassword = { temporaryPassword: string };
export type CreatedUser = { user: User; temporaryPassword: string };
export type SecuritySettings = { mfaRequiredRoles: Role[] };
export type SsoSettings = z.infer<typeof ssoSettingsView>;
export type SsoSettingsInput = z.input<typeof ssoSettingsInput>;
export type SsoInfo = z.infer<typeof ssoPublicView>;
export type { SsoFailureReason };

// The value lists the screens iterate over. `satisfies` plus the exhaustiveness checks below keep
// them equal to the server's enums.
export const roles = [
  'admin',
  'programme_officer',
  'me_officer',
  'trainer',
  'focal_point',
  'participant',
  'partner',
] as const satisfies readonly Role[];

export const locales = ['en', 'fr', 'ar', 'pt'] as const satisfies readonly Locale[];

export const subregions = ['northern', 'western', 'middle', 'eastern', 'southern'] as const satisfies readonly Subregion[];

export const auditOutcomes = ['success', 'failure', 'denied'] as const satisfies readonly AuditOutcome[];

/** Why single sign-on sent the browser back to the sign-in page (its `ssoError`). */
export const ssoFailureReasons = [
  'not_configured',
  'provider_unavailable',
  'provider_refused',
  'expired',
  'invalid_response',
  'email_not_verified',
  'domain_not_allowed',
  'unknown_account',
  'inactive_account',
  'identity_conflict',
] as const satisfies readonly SsoFailureReason[];

type Exhaustive<List extends readonly string[], Union extends string> = [Union] extends [List[number]] ? true : never;
const exhaustive: [
  Exhaustive<typeof roles, Role>,
  Exhaustive<typeof locales, Locale>,
  Exhaustive<typeof subregions, Subregion>,
  Exhaustive<typeof auditOutcomes, AuditOutcome>,
  Exhaustive<typeof ssoFailureReasons, SsoFailureReason>,
] = [true, true, true, true, true];
void exhaustive;

/** Roles whose users belong to one member state. */
export const stateBoundRoles: readonly Role[] = ['focal_point', 'participant'];
