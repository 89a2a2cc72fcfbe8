/**
 * The fixed value lists of the domain, in one place and free of any import: the database schema
 * (server/db/schema), the server's zod schemas and the web's screens all take their values from here.
 */

// ---------- identity

export const roles = ['admin', 'programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant', 'partner'] as const;
export type Role = (typeof roles)[number];

export const locales = ['en', 'fr', 'ar', 'pt'] as const;
export type Locale = (typeof locales)[number];

/** Roles whose users belong to one member state. */
export const stateBoundRoles: readonly Role[] = ['focal_point', 'participant'];

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
] as const;
export type SsoFailureReason = (typeof ssoFailureReasons)[number];

// ---------- audit

export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

// ---------- reference

/** The African Union's regions, as the member states list them. */
export const subregions = ['northern', 'western', 'middle', 'eastern', 'southern'] as const;
export type Subregion = (typeof subregions)[number];

// ---------- registry

export const sexes = ['female', 'male'] as const;
export type Sex = (typeof sexes)[number];

// ---------- curriculum

export const courseLevels = ['foundational', 'intermediate', 'advanced', 'training_of_trainers'] as const;
export type CourseLevel = (typeof courseLevels)[number];

/** Thematic areas: a fixed list, so that results can be disaggregated by area. */
export const thematicAreas = [
  'investigations',
  'information_sharing',
  'kidnapping_for_ransom',
  'prisons',
  'border_security',
  'terrorist_financing',
  'preventing_violent_extremism',
  'criminal_justice',
  'human_rights',
  'critical_infrastructure',
  'cyber_and_technology',
  'other',
] as const;
export type ThematicArea = (typeof thematicAreas)[number];

// ---------- delivery

export const modalities = ['in_person', 'online', 'blended'] as const;
export type Modality = (typeof modalities)[number];

/** What a result figure can be broken down by (the results page's table and the breakdown API). */
export const resultDimensions = [
  'year',
  'state',
  'sex',
  'agency_type',
  'programme',
  'course_level',
  'thematic_area',
  'pillar',
  'modality',
] as const;
export type ResultDimension = (typeof resultDimensions)[number];

export const sessionStatuses = ['planned', 'open', 'closed', 'completed', 'cancelled'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export const nominationStatuses = ['nominated', 'accepted', 'waitlisted', 'rejected', 'withdrawn'] as const;
export type NominationStatus = (typeof nominationStatuses)[number];

/** Human-rights due-diligence screening of a nominee (UN HRDDP). */
export const riskLevels = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const screeningDecisions = ['cleared', 'cleared_with_mitigation', 'not_cleared'] as const;
export type ScreeningDecision = (typeof screeningDecisions)[number];

export const testKinds = ['pre', 'post'] as const;
export type TestKind = (typeof testKinds)[number];

/** The questions of the end-of-course evaluation, each rated 1 to 5. */
export const evaluationQuestions = ['relevance', 'content', 'trainers', 'materials', 'organisation', 'overall'] as const;
export type EvaluationQuestion = (typeof evaluationQuestions)[number];

// ---------- partners

export const organisationKinds = [
  'un_entity',
  'international_body',
  'regional_body',
  'donor_government',
  'academic_institution',
  'civil_society',
  'other',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const agreementKinds = ['mou', 'funding_agreement', 'letter_of_agreement', 'other'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

/** Why a session counts for an organisation: it delivered it, or funded the course or its programme. */
export const sessionBases = ['delivering_partner', 'course_donor', 'programme_contribution'] as const;
export type SessionBasis = (typeof sessionBases)[number];

export const matrixBases = ['delivered', 'funded'] as const;
export type MatrixBasis = (typeof matrixBases)[number];

// ---------- meetings

/** Where an edition stands against today's date (computed, not stored). */
export const editionStatuses = ['upcoming', 'ongoing', 'past'] as const;
export type EditionStatus = (typeof editionStatuses)[number];

export const delegationRoles = ['member', 'observer', 'international_organisation'] as const;
export type DelegationRole = (typeof delegationRoles)[number];

export const delegateStatuses = ['pending', 'approved', 'declined'] as const;
export type DelegateStatus = (typeof delegateStatuses)[number];

export const agendaItemKinds = ['ceremony', 'plenary', 'panel', 'working_session', 'break'] as const;
export type AgendaItemKind = (typeof agendaItemKinds)[number];

export const meetingDocumentKinds = ['outcome', 'concept_note', 'report', 'presentation', 'other'] as const;
export type MeetingDocumentKind = (typeof meetingDocumentKinds)[number];

// ---------- national-programmes

export const engagementKinds = ['strategy', 'action_plan', 'other'] as const;
export type EngagementKind = (typeof engagementKinds)[number];

/** Where the office's support stands; the stages say how far the state's programme has come. */
export const engagementStatuses = ['active', 'on_hold', 'completed', 'discontinued'] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

/** The stages of an engagement, in their order; there may be several drafting workshops. */
export const programmeStageKinds = [
  'request',
  'assessment',
  'drafting_workshop',
  'validation',
  'adoption',
  'implementation',
] as const;
export type ProgrammeStageKind = (typeof programmeStageKinds)[number];

export const stageProgresses = ['not_started', 'in_progress', 'completed', 'skipped'] as const;
export type StageProgress = (typeof stageProgresses)[number];

// ---------- recommendations

export const actionStatuses = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** Who carries out an action: a member state, one of its agencies, the office, or a partner organisation. */
export const actionOwnerKinds = ['state', 'agency', 'office', 'organisation'] as const;
export type ActionOwnerKind = (typeof actionOwnerKinds)[number];

export const actionEventKinds = ['created', 'status', 'edited', 'carried_to', 'carried_from'] as const;
export type ActionEventKind = (typeof actionEventKinds)[number];

export const evidenceKinds = ['text', 'link', 'file'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

// ---------- library

export const libraryItemTypes = [
  'manual',
  'course_material',
  'case_study',
  'good_practice',
  'legal_text',
  'national_strategy',
  'meeting_document',
  'research',
  'template',
] as const;
export type LibraryItemType = (typeof libraryItemTypes)[number];

/**
 * Who may find and read a library item: anyone; any signed-in user; the participants of its
 * courses or sessions (with their trainers and the focal points of the states taking part); the
 * office; the focal points of the states it names. The office sees every item.
 */
export const libraryAudiences = ['public', 'signed_in', 'participants', 'office', 'states'] as const;
export type LibraryAudience = (typeof libraryAudiences)[number];

/** Whether the text of a library file could be read for search; images carry none. */
export const libraryTextStatuses = ['extracted', 'not_extracted', 'none'] as const;
export type LibraryTextStatus = (typeof libraryTextStatuses)[number];

/** A good practice submitted by a state: submitted → returned → resubmitted … → published or declined. */
export const submissionStatuses = ['submitted', 'returned', 'resubmitted', 'published', 'declined'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

// ---------- notifications (issue 11)

/**
 * What Tadrib tells people. Each kind has its text in the `notifications.kinds` section of the
 * catalogues; reminders are raised by the daily job (server/modules/notifications/reminders.ts),
 * the rest by the change that causes them, in its transaction.
 */
export const notificationKinds = [
  'call_opened',
  'nomination_decided',
  'joining_instructions',
  'session_changed',
  'session_cancelled',
  'delegate_decided',
  'certificate_issued',
  'library_available',
  'nomination_deadline',
  'evaluation_due',
  'follow_up_due',
  'action_due',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** How a user gets a kind of notification by email (in the app they always see it). */
export const emailDeliveries = ['immediate', 'digest', 'none'] as const;
export type EmailDelivery = (typeof emailDeliveries)[number];

// ---------- outbox (mail)

/**
 * A message in the outbox: `pending` until a worker delivers it (or while no mail server is
 * configured), `sent` once the SMTP server accepted it, `failed` when the attempts ran out or the
 * server refused the recipient for good. An admin's resend puts a message back to `pending`.
 */
export const outboxStatuses = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** What a link mailed to a user lets them do once: choose a password after an invitation, or a new one after forgetting it. */
export const accountLinkPurposes = ['invitation', 'password_reset'] as const;
export type AccountLinkPurpose = (typeof accountLinkPurposes)[number];
