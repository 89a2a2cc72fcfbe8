import { AppError, type ErrorDetail } from '../errors';
import { translator } from './i18n';

const RULE = 'RULE_VIOLATION';
const CONFLICT = 'CONFLICT';

/**
 * Every rule the server can refuse a request by, with the error code of the refusal: a broken rule
 * (422), or a clash with a record that already exists (409). A rule's message, in four languages,
 * is `rules.<code>` in web/src/i18n/{en,fr,ar,pt}.json (platform/rules.test.ts checks each has one).
 */
const rules = {
  'reference.state_unknown': RULE,
  'reference.pillar_unknown': RULE,
  'reference.resolution_unknown': RULE,
  'reference.organisation_unknown': RULE,
  'reference.agency_unknown': RULE,
  'reference.programme_unknown': RULE,
  'reference.course_unknown': RULE,
  'reference.agreement_unknown': RULE,
  'reference.edition_unknown': RULE,
  'reference.official_unknown': RULE,

  'account.password_unchanged': RULE,
  'account.mfa_already_set_up': RULE,
  'account.mfa_setup_not_started': RULE,
  'account.mfa_not_set_up': RULE,
  'account.mfa_required_by_role': RULE,
  'account.link_invalid': RULE,

  'password.too_short': RULE,
  'password.demo': RULE,
  'password.personal': RULE,
  'password.common': RULE,
  'password.weak': RULE,

  'user.state_required': RULE,
  'user.state_not_allowed': RULE,
  'user.link_participants_only': RULE,
  'user.official_merged': RULE,
  'user.official_other_state': RULE,
  'user.official_has_account': CONFLICT,
  'user.last_admin': RULE,
  'user.email_taken': CONFLICT,
  'user.deactivate_self': RULE,
  'user.already_inactive': RULE,
  'user.already_active': RULE,
  'user.no_second_factor': RULE,
  'user.invite_inactive': RULE,

  'nomination.session_not_open': RULE,
  'nomination.deadline_passed': RULE,
  'nomination.official_merged': RULE,
  'nomination.state_not_invited': RULE,
  'nomination.already_nominated': CONFLICT,
  'nomination.quota_full': RULE,
  'nomination.session_finished': RULE,
  'nomination.already_decided': RULE,
  'nomination.withdrawn': RULE,
  'nomination.screening_required': RULE,
  'nomination.screening_not_cleared': RULE,
  'nomination.capacity_full': RULE,
  'nomination.not_decided': RULE,
  'nomination.not_withdrawable': RULE,

  'delivery.nominee_not_accepted': RULE,
  'delivery.not_a_session_day': RULE,
  'delivery.day_in_future': RULE,
  'delivery.course_has_no_test': RULE,
  'delivery.score_out_of_range': RULE,
  'delivery.import_has_errors': RULE,
  'delivery.session_not_ended': RULE,
  'delivery.not_training_of_trainers': RULE,
  'delivery.not_completed': RULE,
  'delivery.cascade_before_training': RULE,
  'delivery.cascade_in_future': RULE,
  'delivery.session_cancelled': RULE,
  'delivery.session_completed': RULE,
  'delivery.change_key_reused': CONFLICT,

  'certificate.session_not_completed': RULE,
  'certificate.already_issued': RULE,
  'certificate.no_completion': RULE,
  'certificate.already_revoked': RULE,

  'participation.not_accepted': RULE,
  'participation.evaluation_not_open': RULE,
  'participation.already_evaluated': CONFLICT,
  'participation.follow_up_not_requested': RULE,
  'participation.follow_up_answered': CONFLICT,

  'session.end_before_start': RULE,
  'session.too_long': RULE,
  'session.deadline_after_start': RULE,
  'session.venue_city_required': RULE,
  'session.venue_country_required': RULE,
  'session.trainer_not_active': RULE,
  'session.state_invited_twice': RULE,
  'session.no_teaching_day': RULE,
  'session.days_outside_dates': RULE,
  'session.code_taken': CONFLICT,
  'session.closed_for_edits': RULE,
  'session.course_fixed': RULE,
  'session.capacity_below_accepted': RULE,
  'session.invitation_has_nominations': RULE,
  'session.quota_below_nominations': RULE,
  'session.days_with_attendance': RULE,
  'session.status_unchanged': RULE,
  'session.transition_not_allowed': RULE,
  'session.open_needs_quota': RULE,
  'session.open_deadline_passed': RULE,
  'session.completed_too_early': RULE,

  'curriculum.programme_code_taken': CONFLICT,
  'curriculum.course_code_taken': CONFLICT,
  'curriculum.pass_mark_needs_max': RULE,
  'curriculum.pass_mark_above_max': RULE,

  'national_programme.request_not_skipped': RULE,
  'national_programme.skipped_stage_undated': RULE,
  'national_programme.planned_end_after_start': RULE,
  'national_programme.actual_end_needs_start': RULE,
  'national_programme.actual_end_after_start': RULE,
  'national_programme.actual_dates_not_in_future': RULE,
  'national_programme.stage_starts_after_previous': RULE,
  'national_programme.stage_completes_after_previous': RULE,
  'national_programme.completed_needs_adoption': RULE,
  'national_programme.responsible_is_office_staff': RULE,
  'national_programme.only_extra_workshops_removed': RULE,
  'national_programme.removed_stage_is_empty': RULE,

  'meeting.edition_past': RULE,
  'meeting.edition_number_taken': CONFLICT,
  'meeting.agenda_within_edition': RULE,
  'meeting.agenda_outside_new_dates': RULE,
  'meeting.speaker_delegate_of_edition': RULE,
  'meeting.role_fits_state': RULE,
  'meeting.role_fits_organisation': RULE,
  'meeting.one_delegation_per_state': RULE,
  'meeting.one_delegation_per_organisation': RULE,
  'meeting.delegation_has_delegates': RULE,
  'meeting.head_in_delegation': RULE,
  'meeting.head_not_declined': RULE,
  'meeting.head_cannot_be_declined': RULE,
  'meeting.one_approval_per_person': RULE,
  'meeting.one_registration_per_delegation': CONFLICT,
  'meeting.office_edits_decided_delegates': RULE,
  'meeting.delegate_approved_once': RULE,
  'meeting.delegate_declined_once': RULE,
  'meeting.one_outcome_per_language': RULE,

  'import.file_empty': RULE,
  'import.no_rows': RULE,
  'import.duplicate_column': RULE,
  'import.header_too_long': RULE,
  'import.unknown_columns': RULE,
  'import.missing_columns': RULE,
  'import.too_many_rows': RULE,
  'import.too_many_columns': RULE,
  'import.csv_unreadable': RULE,
  'import.xlsx_damaged': RULE,
  'import.xlsx_no_sheet': RULE,
  'import.file_type': RULE,
  'import.file_unreadable': RULE,
  'import.other_state': RULE,
  'import.no_valid_row': RULE,
  'import.all_rows_skipped': RULE,

  'results.period_whole_years': RULE,
  'results.too_many_filters': RULE,
  'results.nothing_to_publish': RULE,

  'registry.agency_type_unknown': RULE,
  'registry.agency_name_taken': CONFLICT,
  'registry.parent_other_state': RULE,
  'registry.parent_cycle': RULE,
  'registry.agency_other_state': RULE,
  'registry.official_other_state': RULE,
  'registry.official_agency_other_state': RULE,
  'registry.official_merged': RULE,

  'duplicates.same_record': RULE,
  'duplicates.already_merged': RULE,
  'duplicates.different_states': RULE,
  'duplicates.both_have_accounts': RULE,

  'partners.organisation_name_taken': CONFLICT,
  'partners.country_unknown': RULE,
  'partners.validity_order': RULE,
  'partners.agreement_cited': RULE,
  'partners.amount_positive': RULE,
  'partners.currency_unknown': RULE,
  'partners.amount_minor_units': RULE,
  'partners.period_order': RULE,
  'partners.agreement_other_organisation': RULE,

  'recommendation.number_taken': CONFLICT,
  'recommendation.owner_required': RULE,
  'recommendation.one_owner_only': RULE,
  'recommendation.due_date_required': RULE,
  'recommendation.due_date_before_edition': RULE,
  'recommendation.action_carried': RULE,
  'recommendation.status_unchanged': RULE,
  'recommendation.transition_not_allowed': RULE,
  'recommendation.transition_officers_only': RULE,
  'recommendation.dropped_needs_reason': RULE,
  'recommendation.completion_in_future': RULE,
  'recommendation.completion_before_edition': RULE,
  'recommendation.evidence_empty': RULE,
  'recommendation.evidence_one_kind': RULE,
  'recommendation.evidence_link_not_http': RULE,
  'recommendation.no_next_edition': RULE,
  'recommendation.action_not_of_recommendation': RULE,
  'recommendation.action_not_open': RULE,
  'recommendation.action_already_carried': RULE,
  'recommendation.closed': RULE,
  'recommendation.nothing_to_carry': RULE,

  'library.states_audience_names_states': RULE,
  'library.participants_audience_names_trainings': RULE,
  'library.trainer_materials_own_sessions': RULE,
  'library.session_unknown': RULE,
  'library.resubmit_when_returned': RULE,
  'library.review_when_submitted': RULE,
  'library.submitter_has_state': RULE,
  'library.practice_state_anonymous': RULE,

  'sso.issuer_not_url': RULE,
  'sso.issuer_has_query': RULE,
  'sso.issuer_not_https': RULE,
  'sso.client_secret_required': RULE,
  'sso.domains_required': RULE,
  'sso.discovery_failed': RULE,

  'outbox.in_delivery': CONFLICT,
} as const satisfies Record<string, typeof RULE | typeof CONFLICT>;

export type RuleCode = keyof typeof rules;
export const ruleCodes = Object.keys(rules) as [RuleCode, ...RuleCode[]];

/** The values a rule's message is filled with (`{{name}}` in the catalogues). */
export type RuleParams = Record<string, string | number>;

/** One broken rule, on one field. */
export type RuleProblem = { rule: RuleCode; params?: RuleParams; path: string };

/** A rule's message in English, for API users (the web words it from `rule` and `params`). */
export function ruleMessage(rule: RuleCode, params: RuleParams = {}): string {
  return translator('en').t(`rules.${rule}`, params);
}

/**
 * The refusal of a request that breaks `rule`: the envelope carries the rule and its params (the
 * web words them in the reader's language) and an English message; `path` names the field.
 */
export function ruleViolation(rule: RuleCode, params: RuleParams = {}, path?: string): AppError {
  const message = ruleMessage(rule, params);
  return new AppError(rules[rule], message, {
    rule,
    params,
    ...(path ? { details: [{ path, message, rule, params }] } : {}),
  });
}

/**
 * Refuses a request that breaks any of the rules checked together (every field of a form at once):
 * the first broken rule names the refusal, and each detail its field and rule.
 */
export function assertRulesKept(problems: RuleProblem[]): void {
  const [first] = problems;
  if (!first) return;
  const details: ErrorDetail[] = problems.map(({ rule, params = {}, path }) => ({
    path,
    message: ruleMessage(rule, params),
    rule,
    params,
  }));
  throw new AppError(rules[first.rule], details.map((d) => `${d.path}: ${d.message}`).join('; '), {
    rule: first.rule,
    params: first.params ?? {},
    details,
  });
}
