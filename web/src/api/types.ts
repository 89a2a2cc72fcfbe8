/**
 * Shapes of the Tadrib HTTP API, inferred from the server's own zod schemas (type-only imports:
 * nothing of the server reaches the browser bundle), so a change of contract fails the type-check.
 */
import type { z } from 'zod';
import type { Role } from '../../../contract/enums';
import type { mfaSetupSchema, recoveryCodesSchema } from '../../../server/modules/account/schemas';
import type { anchorStatusSchema, auditEntrySchema, chainVerdictSchema } from '../../../server/modules/audit/schemas';
import type { sessionViewSchema } from '../../../server/modules/auth/schemas';
import type { stateDetailSchema, stateSchema } from '../../../server/modules/reference/schemas';
import type { ssoPublicView, ssoSettingsInput, ssoSettingsView } from '../../../server/modules/sso/schemas';
import type { meSchema, officialCandidateSchema, userSchema } from '../../../server/modules/users/schemas';
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
export type AuditVerification = z.infer<typeof chainVerdictSchema>;
export type AuditAnchor = z.infer<typeof anchorStatusSchema>;
export type MemberState = z.infer<typeof stateSchema>;
export type MemberStateDetail = z.infer<typeof stateDetailSchema>;

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export type TemporaryPassword = { temporaryPassword: string };
export type CreatedUser = { user: User; temporaryPassword: string };
export type SecuritySettings = { mfaRequiredRoles: Role[] };
export type SsoSettings = z.infer<typeof ssoSettingsView>;
export type SsoSettingsInput = z.input<typeof ssoSettingsInput>;
export type SsoInfo = z.infer<typeof ssoPublicView>;
