import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Locale, Role } from '../db/schema';
import { AppError } from '../errors';
import { NO_SCOPE, SYSTEM_SCOPE, type WallScope } from './wall';

/**
 * The one place that decides who may do what. Every /api route names one of these
 * permissions (the app refuses to register a route that does not), and every query of
 * personal data takes its scope from `personalDataScope`.
 */

const everyRole: Role[] = ['admin', 'programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant', 'partner'];

export type SessionStage = 'password' | 'enrol' | 'full';

type Rule =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** A session at one of these stages (used by the sign-in steps themselves). */
  | { kind: 'session'; stages: SessionStage[] }
  /**
   * A fully signed-in user with one of these roles. Until a temporary password is changed, only
   * rules marked `beforePasswordChange` admit them (what the change screen needs).
   */
  | { kind: 'roles'; roles: Role[]; stages?: SessionStage[]; beforePasswordChange?: true };

export const permissions = {
  public: { kind: 'public' },
  'auth.session': { kind: 'session', stages: ['password', 'enrol', 'full'] },
  'auth.secondFactor': { kind: 'session', stages: ['password'] },
  'account.read': { kind: 'roles', roles: everyRole, beforePasswordChange: true },
  'account.update': { kind: 'roles', roles: everyRole },
  /** A temporary password may be changed before or after enrolling a second factor the role requires. */
  'account.changePassword': { kind: 'roles', roles: everyRole, stages: ['enrol', 'full'], beforePasswordChange: true },
  /** Enrolment of a second factor is allowed before the user is fully signed in, when their role requires it. */
  'account.enrolSecondFactor': { kind: 'roles', roles: everyRole, stages: ['enrol', 'full'] },
  'reference.read': { kind: 'roles', roles: everyRole },
  'users.manage': { kind: 'roles', roles: ['admin'] },
  'settings.manage': { kind: 'roles', roles: ['admin'] },
  'audit.read': { kind: 'roles', roles: ['admin'] },
  /** The Outbox (issue 11): every message, its bodies (reset and invitation links among them), resend. */
  'outbox.manage': { kind: 'roles', roles: ['admin'] },
  /**
   * Identities of the officials trained (registry records, nominee lists): only readers who act on a
   * person need them, each further scoped by officialScope below. The M&E officer reports on
   * indicators and works with pseudonymous ids (results drill-down), so reads no identity anywhere.
   */
  'registry.read': { kind: 'roles', roles: ['programme_officer', 'trainer', 'focal_point', 'participant'] },
  /** Agencies (no personal data), scoped by the registry service: their official counts follow officialScope. */
  'registry.agencies': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant'] },
  'registry.write': { kind: 'roles', roles: ['programme_officer', 'focal_point'] },
  'registry.import': { kind: 'roles', roles: ['programme_officer', 'focal_point'] },
  'registry.merge': { kind: 'roles', roles: ['programme_officer'] },
  'curriculum.read': { kind: 'roles', roles: everyRole },
  'curriculum.write': { kind: 'roles', roles: ['programme_officer'] },
  /** Sessions: focal points see those their state is invited to, trainers theirs, participants their own. */
  'sessions.read': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant'] },
  'sessions.write': { kind: 'roles', roles: ['programme_officer'] },
  /** Nominee lists name persons: no M&E officer (see registry.read). */
  'nominations.read': { kind: 'roles', roles: ['programme_officer', 'trainer', 'focal_point'] },
  'nominations.nominate': { kind: 'roles', roles: ['focal_point', 'programme_officer'] },
  'nominations.decide': { kind: 'roles', roles: ['programme_officer'] },
  /** Attendance and test scores: trainers of the session and programme officers. */
  'delivery.record': { kind: 'roles', roles: ['programme_officer', 'trainer'] },
  'delivery.override': { kind: 'roles', roles: ['programme_officer'] },
  /**
   * A session's evaluation aggregates and comments: anonymous answers with no link to a person or a
   * state, so they are the office's (and the session's trainers'), never a focal point's: the
   * comments of other states' participants are not theirs to read.
   */
  'delivery.evaluations': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'trainer'] },
  /**
   * Certificates (issue 10): the office issues and revokes them; a participant reads their own, a
   * focal point which of their state's officials hold one (scoped by officialScope). No M&E
   * officer: a certificate names a person. Checking one is public (`public` routes).
   */
  'certificates.read': { kind: 'roles', roles: ['programme_officer', 'focal_point', 'participant'] },
  'certificates.issue': { kind: 'roles', roles: ['programme_officer'] },
  /** Results: aggregates, scoped by state (focal points) or by the programmes an organisation supports (partners). */
  'results.read': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point', 'partner'] },
  /** Results published as IATI activity XML (open data): the office's officers, who answer for what is published. */
  'results.publish': { kind: 'roles', roles: ['programme_officer', 'me_officer'] },
  /** The records behind a figure: never for partners (aggregates only); identities only where registry scope allows. */
  'results.records': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point'] },
  /** A participant's own trainings, results and forms. */
  'participation.self': { kind: 'roles', roles: ['participant'] },
  /**
   * The high-level meeting. Editions and documents: office staff, focal points and partners.
   * Agenda: office staff and focal points. Delegations and delegates (personal data): office staff,
   * focal points (their state's, where they also register delegates); the office decides.
   */
  'meetings.read': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point', 'partner'] },
  'meetings.agenda': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point'] },
  'meetings.delegations': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point'] },
  'meetings.register': { kind: 'roles', roles: ['programme_officer', 'focal_point'] },
  'meetings.badges': { kind: 'roles', roles: ['programme_officer', 'me_officer'] },
  'meetings.manage': { kind: 'roles', roles: ['programme_officer'] },
  /**
   * Partners and donors: programme officers manage, M&E officers read; a partner user reads its own
   * organisation's page only (scoped in the partners service). Contacts (personal data of partner
   * staff), agreement documents and the who-does-what-where matrix: office staff only.
   */
  'partners.read': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'partner'] },
  'partners.write': { kind: 'roles', roles: ['programme_officer'] },
  'partners.contacts': { kind: 'roles', roles: ['programme_officer', 'me_officer'] },
  'partners.staff': { kind: 'roles', roles: ['programme_officer', 'me_officer'] },
  /** A partner user's own organisation (users.organisation_id). */
  'partners.own': { kind: 'roles', roles: ['partner'] },
  /**
   * Meeting recommendations and their actions: officers manage, M&E officers read; a focal point
   * reads and updates (status, evidence) only the actions owned by their state or its agencies.
   * Partners get the follow-through aggregate on the results page, not the actions.
   */
  'recommendations.read': { kind: 'roles', roles: ['programme_officer', 'me_officer'] },
  'recommendations.write': { kind: 'roles', roles: ['programme_officer'] },
  'recommendations.actions.read': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point'] },
  'recommendations.actions.update': { kind: 'roles', roles: ['programme_officer', 'focal_point'] },
  /**
   * National programme support: the overview across states holds no personal data (partners see it);
   * engagements name national counterparts, so officers read all and a focal point their own state's.
   */
  'nationalProgrammes.overview': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'partner'] },
  'nationalProgrammes.read': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'focal_point'] },
  'nationalProgrammes.write': { kind: 'roles', roles: ['programme_officer'] },
  /**
   * The knowledge library. Anyone reads it, signed in or not: what each reader finds is decided
   * item by item by libraryItemScopeCondition below. The office (programme and M&E officers) keeps
   * it; trainers attach materials to the sessions they train (the library policy checks which);
   * focal points and participants put forward their state's good practices, which programme
   * officers review.
   */
  'library.read': { kind: 'public' },
  'library.manage': { kind: 'roles', roles: ['programme_officer', 'me_officer'] },
  'library.materials': { kind: 'roles', roles: ['programme_officer', 'me_officer', 'trainer'] },
  'library.submit': { kind: 'roles', roles: ['focal_point', 'participant'] },
  /** Submissions are read by their submitters (their own) and by programme officers (all). */
  'library.submissions': { kind: 'roles', roles: ['focal_point', 'participant', 'programme_officer'] },
  'library.review': { kind: 'roles', roles: ['programme_officer'] },
  /** Every user's own notifications and preferences (issue 11). */
  'notifications.read': { kind: 'roles', roles: everyRole },
  /** What a focal point's state was told (its notifications and emails), never another state's. */
  'notifications.state': { kind: 'roles', roles: ['focal_point'] },
  /** Running the daily reminders now. */
  'notifications.run': { kind: 'roles', roles: ['admin'] },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof permissions;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(permissions, value);
}

/**
 * What a role may do once fully signed in: the permissions whose rule names it. The session view
 * hands this list to the web, whose navigation and page guards ask it instead of re-deciding by role.
 */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissions) as Permission[]).filter((permission) => holds({ role }, permission));
}

/** The signed-in (or signing-in) person behind a request. */
export type Actor = {
  userId: string;
  email: string;
  role: Role;
  stateIso2: string | null;
  /** A participant's own registry record. */
  officialId: string | null;
  sessionId: string;
  stage: SessionStage;
  /** The interface language the user reads in (users.locale), loaded with the session. */
  locale: Locale;
  /** Signed in with a temporary password (new account or reset) not yet changed; the request pipeline sets it. */
  mustChangePassword?: boolean;
};

/** Whether the actor's role holds `permission`: what the domains' policies (server/modules/<domain>/policy.ts) build on. */
export function holds(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  const rule: Rule = permissions[permission];
  return rule.kind === 'roles' && rule.roles.includes(actor.role);
}

/** Throws the right error when the actor may not use a route guarded by `permission`. */
export function assertAllowed(permission: Permission, actor: Actor | null): void {
  const rule: Rule = permissions[permission];
  if (rule.kind === 'public') return;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (rule.kind === 'session') {
    if (!rule.stages.includes(actor.stage)) throw new AppError('FORBIDDEN', 'Not available at this step of sign-in');
    return;
  }
  const stages = rule.stages ?? ['full'];
  if (!stages.includes(actor.stage)) {
    throw actor.stage === 'password'
      ? new AppError('MFA_REQUIRED', 'Give your second-factor code to finish signing in')
      : new AppError('MFA_REQUIRED', 'Your role requires a second factor: set it up to continue');
  }
  // Whoever was handed a temporary password (or intercepted it) gets no further than changing it.
  if (actor.mustChangePassword && actor.stage === 'full' && !('beforePasswordChange' in rule)) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Change your temporary password first');
  }
  if (!rule.roles.includes(actor.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this');
}

/**
 * The state scope the database's own wall (row-level security, platform/wall.ts) holds a request
 * to: a focal point and a participant their state; office staff, trainers and partners every
 * state ('*': their reads are narrowed by the conditions below, never by state); anyone not fully
 * signed in nothing.
 */
export function wallScopeOf(actor: Actor | null): WallScope {
  if (actor?.stage !== 'full') return NO_SCOPE;
  switch (actor.role) {
    case 'focal_point':
    case 'participant':
      return actor.stateIso2 ?? NO_SCOPE;
    case 'admin':
    case 'programme_officer':
    case 'me_officer':
    case 'trainer':
    case 'partner':
      return SYSTEM_SCOPE;
  }
}

/** Which member states' personal data an actor may read. */
export type PersonalDataScope = { kind: 'all' } | { kind: 'state'; iso2: string } | { kind: 'none' };

export function personalDataScope(actor: Actor): PersonalDataScope {
  switch (actor.role) {
    case 'admin':
    case 'programme_officer':
    case 'me_officer':
      return { kind: 'all' };
    case 'focal_point':
      return actor.stateIso2 ? { kind: 'state', iso2: actor.stateIso2 } : { kind: 'none' };
    default:
      // Trainers (their own sessions), participants (themselves) get narrower grants per domain.
      return { kind: 'none' };
  }
}

/**
 * Which officials an actor may see: programme officers all; a focal point their state's; a trainer
 * the participants of the sessions they deliver; a participant themselves; anyone else none (the
 * M&E officer included: they see persons only as the pseudonyms of the results drill-down).
 */
export type OfficialScope =
  | { kind: 'all' }
  | { kind: 'state'; iso2: string }
  | { kind: 'trainer'; userId: string }
  | { kind: 'self'; officialId: string }
  | { kind: 'none' };

export function officialScope(actor: Actor): OfficialScope {
  switch (actor.role) {
    case 'programme_officer':
      return { kind: 'all' };
    case 'focal_point':
      return actor.stateIso2 ? { kind: 'state', iso2: actor.stateIso2 } : { kind: 'none' };
    case 'trainer':
      return { kind: 'trainer', userId: actor.userId };
    case 'participant':
      return actor.officialId ? { kind: 'self', officialId: actor.officialId } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/**
 * The SQL condition limiting a query of officials (or of rows that name one) to the actor's scope.
 * Every query that reads officials' identities applies it: screens cannot widen what SQL returns.
 */
export function officialScopeCondition(scope: OfficialScope, columns: { officialId: AnyPgColumn; stateIso2: AnyPgColumn }): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'state':
      return sql`${columns.stateIso2} = ${scope.iso2}`;
    case 'trainer':
      return sql`${columns.officialId} in (select n.official_id from nominations n join session_trainers st on st.session_id = n.session_id where st.user_id = ${scope.userId} and n.status = 'accepted')`;
    case 'self':
      return sql`${columns.officialId} = ${scope.officialId}`;
    case 'none':
      return sql`false`;
  }
}

/**
 * The scope with a placeholder where officialScopeCondition puts the reader's value: a statement
 * prepared once with it (platform/prepared.ts) serves every reader of the same kind of scope, each
 * run with their own `officialScopeValue`.
 */
export function officialScopePlaceholders(scope: OfficialScope): OfficialScope {
  const value = sql.placeholder('scopeValue') as unknown as string;
  switch (scope.kind) {
    case 'state':
      return { kind: 'state', iso2: value };
    case 'trainer':
      return { kind: 'trainer', userId: value };
    case 'self':
      return { kind: 'self', officialId: value };
    default:
      return scope;
  }
}

/** The value of `officialScopePlaceholders`' placeholder for this scope. */
export function officialScopeValue(scope: OfficialScope): { scopeValue: string | null } {
  return {
    scopeValue:
      scope.kind === 'state'
        ? scope.iso2
        : scope.kind === 'trainer'
          ? scope.userId
          : scope.kind === 'self'
            ? scope.officialId
            : null,
  };
}

/**
 * The reader with placeholders where sessionScopeCondition puts their values, its shape (the role
 * and which values are set: part of a prepared statement's name) and the values: a statement
 * prepared once with it serves every reader of that shape, each run with their own values.
 */
export function readerPlaceholders(actor: Actor): { reader: Actor; shape: string; values: Record<string, string | null> } {
  return {
    reader: {
      ...actor,
      userId: sql.placeholder('userId'),
      stateIso2: actor.stateIso2 ? sql.placeholder('stateIso2') : null,
      officialId: actor.officialId ? sql.placeholder('officialId') : null,
    } as unknown as Actor,
    shape: [actor.role, actor.stateIso2 ? 's' : '', actor.officialId ? 'o' : ''].join('.'),
    values: { userId: actor.userId, stateIso2: actor.stateIso2, officialId: actor.officialId },
  };
}

/** Whether the actor sees every training session (the office's officers), whatever it is. */
export function seesEverySession(actor: Actor): boolean {
  return actor.role === 'programme_officer' || actor.role === 'me_officer';
}

/**
 * Which sessions an actor may read, as a condition on training_sessions: programme and M&E officers
 * all; a trainer those they train; a focal point those their state is invited to; a participant
 * those they are accepted in. Anything else is out of scope (404, not 403). Other modules that
 * read a session (nominations, attendance) apply the same condition.
 */
export function sessionScopeCondition(actor: Actor, sessionId: SQL | AnyPgColumn): SQL {
  if (seesEverySession(actor)) return sql`true`;
  switch (actor.role) {
    case 'trainer':
      return sql`exists (select 1 from session_trainers st where st.session_id = ${sessionId} and st.user_id = ${actor.userId})`;
    case 'focal_point':
      return actor.stateIso2
        ? sql`exists (select 1 from session_quotas sq where sq.session_id = ${sessionId} and sq.state_iso2 = ${actor.stateIso2})`
        : sql`false`;
    case 'participant':
      return actor.officialId
        ? sql`exists (select 1 from nominations n where n.session_id = ${sessionId} and n.official_id = ${actor.officialId} and n.status = 'accepted')`
        : sql`false`;
    default:
      return sql`false`;
  }
}

/** The SQL condition that limits a query of state-held personal data to the actor's scope. */
export function stateScopeCondition(scope: PersonalDataScope, stateColumn: AnyPgColumn): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'state':
      return sql`${stateColumn} = ${scope.iso2}`;
    case 'none':
      return sql`false`;
  }
}

/**
 * Who reads a library item as a signed-in user: someone fully signed in (a half-signed-in session,
 * or one that must still change its password, reads as anyone would, without signing in).
 */
export function libraryReader(actor: Actor | null): Actor | null {
  return actor?.stage === 'full' && !actor.mustChangePassword ? actor : null;
}

/** The office, for the library: it reads every item, whatever its audience (and previous file versions). */
export function readsEveryLibraryItem(reader: Actor | null): boolean {
  return reader?.role === 'admin' || reader?.role === 'programme_officer' || reader?.role === 'me_officer';
}

/**
 * The library items a reader may see, as a condition on library_items: the one condition behind
 * every read of the library (lists, search results, counts, facets, snippets, an item by id, its
 * files), so that an item outside it does not exist for the reader. By audience:
 *   public        anyone, signed in or not;
 *   signed_in     anyone fully signed in;
 *   participants  the sessions the item belongs to (directly, or every session of its courses)
 *                 that the reader may read by sessionScopeCondition: accepted participants (never
 *                 nominated, waitlisted, rejected or withdrawn ones), their trainers, the focal
 *                 points of the states invited;
 *   states        the focal points of the states the item names;
 *   office        the office only.
 * The office reads every item.
 */
export function libraryItemScopeCondition(
  reader: Actor | null,
  item: { id: AnyPgColumn; audience: AnyPgColumn; states: AnyPgColumn },
): SQL {
  if (!reader) return sql`${item.audience} = 'public'`;
  if (readsEveryLibraryItem(reader)) return sql`true`;
  const ofSession = (session: SQL) => sessionScopeCondition(reader, session);
  const participants = sql`(${item.audience} = 'participants' and (
    exists (select 1 from library_item_sessions lis where lis.item_id = ${item.id} and ${ofSession(sql`lis.session_id`)})
    or exists (select 1 from library_item_courses lic join training_sessions ts on ts.course_id = lic.course_id
               where lic.item_id = ${item.id} and ${ofSession(sql`ts.id`)})))`;
  const states =
    reader.role === 'focal_point' && reader.stateIso2
      ? sql`(${item.audience} = 'states' and ${reader.stateIso2} = any (${item.states}))`
      : sql`false`;
  return sql`(${item.audience} in ('public', 'signed_in') or ${participants} or ${states})`;
}
