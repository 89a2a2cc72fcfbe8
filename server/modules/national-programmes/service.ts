/**
 * Rules of national programme support (each violation is a 422 naming the rule; nothing changes):
 *  - state_is_member: an engagement belongs to one of the 54 African UN member states;
 *  - known_resolution / known_pillar: coverage names Security Council resolutions and strategy
 *    pillars of the reference lists only;
 *  - planned_end_after_start, actual_end_after_start: a stage ends on or after it starts, and an
 *    actual end needs an actual start;
 *  - actual_dates_not_in_future: actual dates record what has happened (planned ones may be ahead);
 *  - stage order: request → assessment → drafting workshops (1, 2…) → validation → adoption →
 *    implementation. Stages may overlap (drafting may begin while the assessment is finished), but
 *      stage_starts_after_previous: a stage starts only once the previous stage has started, on or
 *      after that day;
 *      stage_completes_after_previous: a stage is completed only once the previous stage is
 *      completed, on or after that day (so none is completed before the previous one started).
 *    A skipped stage (e.g. no separate validation) is passed over by both rules;
 *  - request_not_skipped: every engagement begins with the state's request;
 *    skipped_stage_undated: a skipped stage has no actual dates;
 *  - responsible_is_office_staff: staff named responsible are active programme officers, M&E
 *    officers or trainers; national counterparts are named persons (personal data);
 *  - completed_needs_adoption: the office closes an engagement as completed only once the
 *    programme is adopted;
 *  - only_extra_workshops_removed / removed_stage_is_empty: the six stages stay; a further drafting
 *    workshop may be removed while it has no actual dates and no documents.
 * Each write checks the whole engagement as it would be after the change, under a lock on the
 * engagement, so that no order of edits can break these rules.
 */

// The module's public functions, one file per sub-resource.

export * from './documents';
export * from './engagements';
export * from './reads';
export * from './rules';
export * from './stages';
