-- Two walls below the access layer (server/platform/access.ts), so that a query that forgets its
-- condition, or SQL run by someone who takes over the server process, is still held:
--
-- 1. Roles. The role that runs the migrations owns the tables. The server works as tadrib_app:
--    not a superuser, not the owner, no BYPASSRLS; it reads and writes the tables, but the audit
--    log only takes INSERT and SELECT (no UPDATE, DELETE or TRUNCATE; not being the owner, it cannot
--    disable the log's triggers either). `npm run tadrib -- db roles` creates both roles on a
--    server; this migration creates tadrib_app (without login) when it does not exist yet, for a
--    server that switches to it with SET ROLE (server/platform/db.ts). Roles belong to the whole
--    PostgreSQL cluster, and several databases may be migrated at once: a concurrent creation is
--    not an error.
--
-- 2. Row-level security on every state-scoped table, FORCEd (the owner is held too, unless it is
--    a superuser). The policies read `tadrib.scope_state`, set for each transaction by the
--    database handle from the request's actor (server/platform/wall.ts): '*' = every state (office
--    staff, trainers, partners, whose reads the access layer narrows by other means; work of the
--    system), a state code = that state only (focal points; participants, their own state), unset
--    or empty = nothing (anonymous, half signed-in). USING and WITH CHECK are the same condition: a
--    row outside the scope can be neither read nor written, nor moved out of it.
--    The setting is read through a sub-select, evaluated once per query; '*' is tested first so
--    that the office's queries never run the per-row checks.
--
-- Table by table:
--   officials, agencies                      their state_iso2
--   national_programme_engagements           its state_iso2
--   meeting_delegations                      its state_iso2; an organisation's delegation (no state) only '*'
--   result_enrolments, result_officials      their state_iso2 (one row per person: derived personal data)
--   nominations                              through their official (officials is itself under its policy)
--   official_merges                          through the surviving official (merges never cross states)
--   distinct_official_pairs                  through the first official (pairs are proposed within a state)
--   nomination_events, hr_screenings, attendance, test_scores, completion_overrides,
--   evaluation_receipts, follow_ups, cascade_trainings
--                                            through their nomination
--   national_programme_stages, _parts, _resolution_coverage, _pillar_coverage
--                                            through their engagement
--   national_programme_stage_staff, _stage_counterparts, _documents
--                                            through their stage
--   meeting_delegates                        through their delegation
--   recommendation_actions                   owned by the state, or by one of its agencies (through
--                                            agencies); actions of the office or of an organisation only '*'
--   recommendation_action_events, _evidence  through their action
-- Not under row-level security, and why:
--   users, auth_sessions, recovery_codes, login_failures, settings: read to sign in, before there
--     is any actor; the access layer scopes accounts (a participant's link to their record is
--     users.official_id, reached only through the signed-in user or by the admin).
--   audit_log: every actor appends to it; held by the grants above.
--   member states, pillars, resolutions, agency types, curriculum, partners and contributions,
--     meeting editions, agenda and documents, recommendations (the meeting's shared text): not
--     held by any one state.
--   training_sessions, session_days, session_trainers, session_quotas: the office's plan of its
--     sessions and of the seats it offers each state, not data a state holds.
--   evaluation_responses: anonymous by design (no person, no state).
--   stored_files: reached only through the rows that name a file, which are under their policy.
--   result_cube, result_person_signatures, result_programme_signatures, result_sessions,
--     result_programme_slots, result_dirty_*: aggregates and queues without a person, which the
--     recomputation (run as the system) rewrites whole.

DO $$
BEGIN
  -- Checked first: an owner without CREATEROLE (roles made by `db roles`) may not even try.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tadrib_app') THEN
    CREATE ROLE tadrib_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- The owner switches to the runtime role with SET ROLE: it must be a member (a superuser is).
  IF NOT pg_has_role(current_user, 'tadrib_app', 'MEMBER') THEN
    EXECUTE format('GRANT tadrib_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tadrib_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tadrib_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tadrib_app;
--> statement-breakpoint
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO tadrib_app;
--> statement-breakpoint
-- Tables, sequences and functions that later migrations create get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tadrib_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tadrib_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO tadrib_app;
--> statement-breakpoint
-- Readiness (GET /api/health/ready) reads which migrations are applied.
GRANT USAGE ON SCHEMA drizzle TO tadrib_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO tadrib_app;
--> statement-breakpoint
-- The audit log: appended to and read, never changed.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM tadrib_app;
--> statement-breakpoint
-- The results recomputation empties its derived tables whole when it rebuilds everything
-- (server/modules/results/freshness.ts); it runs as the system ('*').
GRANT TRUNCATE ON result_cube, result_enrolments, result_officials, result_person_signatures,
  result_programme_signatures, result_sessions, result_dirty_officials, result_dirty_sessions TO tadrib_app;
--> statement-breakpoint
DO $$
DECLARE
  every_state CONSTANT text := '(select current_setting(''tadrib.scope_state'', true)) = ''*''';
  the_state CONSTANT text := '(select current_setting(''tadrib.scope_state'', true))';
  rule record;
BEGIN
  FOR rule IN
    SELECT * FROM (VALUES
      ('officials', 'state_iso2 = ' || the_state),
      ('agencies', 'state_iso2 = ' || the_state),
      ('national_programme_engagements', 'state_iso2 = ' || the_state),
      ('meeting_delegations', 'state_iso2 = ' || the_state),
      ('result_enrolments', 'state_iso2 = ' || the_state),
      ('result_officials', 'state_iso2 = ' || the_state),
      ('nominations', 'exists (select 1 from officials o where o.id = official_id)'),
      ('official_merges', 'exists (select 1 from officials o where o.id = survivor_id)'),
      ('distinct_official_pairs', 'exists (select 1 from officials o where o.id = first_id)'),
      ('nomination_events', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('hr_screenings', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('attendance', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('test_scores', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('completion_overrides', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('evaluation_receipts', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('follow_ups', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('cascade_trainings', 'exists (select 1 from nominations n where n.id = nomination_id)'),
      ('national_programme_stages', 'exists (select 1 from national_programme_engagements e where e.id = engagement_id)'),
      ('national_programme_parts', 'exists (select 1 from national_programme_engagements e where e.id = engagement_id)'),
      ('national_programme_resolution_coverage', 'exists (select 1 from national_programme_engagements e where e.id = engagement_id)'),
      ('national_programme_pillar_coverage', 'exists (select 1 from national_programme_engagements e where e.id = engagement_id)'),
      ('national_programme_stage_staff', 'exists (select 1 from national_programme_stages s where s.id = stage_id)'),
      ('national_programme_stage_counterparts', 'exists (select 1 from national_programme_stages s where s.id = stage_id)'),
      ('national_programme_documents', 'exists (select 1 from national_programme_stages s where s.id = stage_id)'),
      ('meeting_delegates', 'exists (select 1 from meeting_delegations d where d.id = delegation_id)'),
      ('recommendation_actions',
        'owner_state_iso2 = ' || the_state || ' or exists (select 1 from agencies a where a.id = owner_agency_id)'),
      ('recommendation_action_events', 'exists (select 1 from recommendation_actions a where a.id = action_id)'),
      ('recommendation_action_evidence', 'exists (select 1 from recommendation_actions a where a.id = action_id)')
    ) AS r(tbl, within_state)
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', rule.tbl);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', rule.tbl);
    EXECUTE format('CREATE POLICY state_wall ON %I USING (%s or %s) WITH CHECK (%s or %s)',
      rule.tbl, every_state, rule.within_state, every_state, rule.within_state);
  END LOOP;
END
$$;
