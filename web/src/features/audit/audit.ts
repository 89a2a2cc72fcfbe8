import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ApiQuery, http } from '../../api/http';

export const AUDIT_PAGE_SIZE = 50;

/** The audit log's search as the page's address holds it: the route's filters and the page number. */
export type AuditSearch = Pick<ApiQuery<'/api/audit'>, 'actor' | 'action' | 'outcome' | 'recordType' | 'from' | 'to' | 'page'>;

type AuditFilters = AuditSearch & {
  page: number;
  /** The `nextBeforeSeq` of the page before (keyset paging: fast however deep the page). */
  beforeSeq?: number;
};

export const auditQuery = (filters: AuditFilters) =>
  queryOptions({
    queryKey: ['audit', 'list', filters],
    queryFn: ({ signal }) =>
      http.get('/audit', {
        query: { ...filters, pageSize: AUDIT_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

/** The latest signed checkpoint of the chain head and whether the log still agrees with it. */
export const auditAnchorQuery = queryOptions({
  queryKey: ['audit', 'checkpoint'],
  queryFn: ({ signal }) => http.get('/audit/checkpoint', { signal }),
});

export const auditActionsQuery = queryOptions({
  queryKey: ['audit', 'actions'],
  queryFn: ({ signal }) => http.get('/audit/actions', { signal }),
});

/** The kinds of record the server writes into the log (each has a name in the catalogues). */
export const auditRecordTypes = [
  'user',
  'member_state',
  'settings',
  'audit_log',
  'outbox_message',
  'agency',
  'official',
  'programme',
  'course',
  'organisation',
  'training_session',
  'nomination',
  'database',
  'national_programme',
  'national_programme_stage',
  'national_programme_document',
  'stored_file',
  'meeting_edition',
  'meeting_delegation',
  'meeting_delegate',
  'meeting_agenda_item',
  'meeting_document',
  'organisation_contact',
  'partner_agreement',
  'contribution',
  'recommendation',
  'recommendation_action',
  'certificate',
  'credential_key',
  'library_item',
  'library_file',
  'library_submission',
] as const;

/**
 * Readable name of an action code such as `user.password.reset`. Codes are flattened to
 * `user_password_reset` for the catalogue (dots nest keys in i18next); a code the catalogue
 * does not know yet is shown as it is.
 */
export const actionName = (t: TFunction, action: string): string =>
  t(`audit.actionNames.${action.replaceAll('.', '_')}`, { defaultValue: action });

export const recordTypeName = (t: TFunction, recordType: string): string =>
  t(`audit.recordTypes.${recordType}`, { defaultValue: recordType });
