/**
 * Shapes of the Tadrib HTTP API that several screens share, named from the generated contract
 * (schema.d.ts, `npm run contract`): a change of contract fails the type-check.
 */
import type { ApiBody, ApiResponse } from './http';

export type SessionView = ApiResponse<'/api/auth/session'>;
export type Me = SessionView['user'];
/** A permission of server/platform/access.ts, as the session view lists those of the user's role. */
export type Permission = SessionView['permissions'][number];
/** Asks whether the signed-in user holds a permission: screens ask this instead of testing the role. */
export type Can = (permission: Permission) => boolean;
export type User = ApiResponse<'/api/users/{id}'>;
export type CreatedUser = ApiResponse<'/api/users', 'post'>;
export type TemporaryPassword = ApiResponse<'/api/users/{id}/reset-password', 'post'>;
export type OfficialCandidate = ApiResponse<'/api/users/official-candidates'>['items'][number];
export type MfaSetup = ApiResponse<'/api/me/mfa/setup', 'post'>;
export type RecoveryCodes = ApiResponse<'/api/me/mfa/recovery-codes', 'post'>;
export type AuditEntry = ApiResponse<'/api/audit'>['items'][number];
export type AuditVerification = ApiResponse<'/api/audit/verify'>;
export type AuditAnchor = ApiResponse<'/api/audit/checkpoint'>;
export type MemberState = ApiResponse<'/api/states'>['items'][number];
export type MemberStateDetail = ApiResponse<'/api/states/{iso2}'>;
export type SecuritySettings = ApiResponse<'/api/settings/security'>;
export type SsoSettings = ApiResponse<'/api/settings/sso'>;
export type SsoSettingsInput = ApiBody<'/api/settings/sso', 'put'>;
export type SsoInfo = ApiResponse<'/api/auth/oidc'>;
