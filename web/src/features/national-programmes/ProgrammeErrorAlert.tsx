import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

/** The rules the server names in a 422 (details[0].message), each worded in the catalogues. */
const rules = [
  'state_is_member',
  'known_resolution',
  'known_pillar',
  'planned_end_after_start',
  'actual_end_after_start',
  'actual_dates_not_in_future',
  'stage_starts_after_previous',
  'stage_completes_after_previous',
  'request_not_skipped',
  'skipped_stage_undated',
  'responsible_is_office_staff',
  'completed_needs_adoption',
  'only_extra_workshops_removed',
  'removed_stage_is_empty',
] as const;

/**
 * A failed write of national programme support: a broken rule in the reader's language, followed by
 * the server's own account of the case (which stage, which dates); anything else as usual.
 */
export function ProgrammeErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const rule = error instanceof ApiError && error.code === 'RULE_VIOLATION' ? error.details[0]?.message : undefined;
  const known = rules.find((r) => r === rule);
  return (
    <ErrorAlert
      error={error}
      title={known ? t(`nationalProgrammes.rules.${known}`) : undefined}
      overrides={known && error instanceof ApiError ? { RULE_VIOLATION: error.message } : {}}
    />
  );
}
