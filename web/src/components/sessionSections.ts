import type { TFunction } from 'i18next';
import type { ComponentType } from 'react';
import type { ApiResponse } from '../api/http';
import type { Can, Me, Permission } from '../api/types';

/**
 * Extra sections of the session page (nominations, attendance, tests, evaluations…), each shown as
 * a tab after the overview. Another feature adds one by pushing to `sessionSections` from a module
 * imported before the page renders (web/src/sessionSections.ts, loaded by the session page's route
 * in web/src/router.tsx), or by listing it here.
 */
type SessionDetail = ApiResponse<'/api/sessions/{id}'>;

export type SessionSection = {
  /** Unique; also the tab's value and `data-testid="session-tab-<key>"`. */
  key: string;
  /** The tab label, from the catalogues. */
  label: (t: TFunction) => string;
  /** The permission (server/platform/access.ts) that shows the tab; all readers of the session when omitted. */
  permission?: Permission;
  /** Whether to show it for this session (e.g. only once the call is open). */
  visible?: (session: SessionDetail, me: Me) => boolean;
  /** Tabs sort by order (then by insertion); the overview is 0. */
  order?: number;
  component: ComponentType<{ session: SessionDetail }>;
};

export const sessionSections: SessionSection[] = [];

/** The sections a user sees on a session, in order. */
export function sectionsFor(session: SessionDetail, me: Me, can: Can): SessionSection[] {
  return sessionSections
    .map((section, index) => ({ section, index }))
    .filter(({ section }) => (!section.permission || can(section.permission)) && (section.visible?.(session, me) ?? true))
    .sort((a, b) => (a.section.order ?? 100) - (b.section.order ?? 100) || a.index - b.index)
    .map(({ section }) => section);
}
