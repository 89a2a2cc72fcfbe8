-- Results stay exact without a batch: every change that can move an indicator queues the
-- officials (or sessions) concerned; the next read of results recomputes only those
-- (server/modules/results/freshness.ts). Queuing is one indexed insert per changed row.
CREATE FUNCTION result_queue_nomination() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO result_dirty_officials VALUES (OLD.official_id) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO result_dirty_officials VALUES (NEW.official_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER nominations_queue_results AFTER INSERT OR DELETE OR UPDATE OF official_id, status, session_id ON nominations
  FOR EACH ROW EXECUTE FUNCTION result_queue_nomination();
--> statement-breakpoint
-- Attendance, scores, overrides and follow-ups belong to one nomination.
CREATE FUNCTION result_queue_enrolment_detail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO result_dirty_officials
    SELECT n.official_id FROM nominations n
    WHERE n.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.nomination_id ELSE NEW.nomination_id END
  ON CONFLICT DO NOTHING;
  IF TG_OP = 'UPDATE' AND OLD.nomination_id <> NEW.nomination_id THEN
    INSERT INTO result_dirty_officials SELECT n.official_id FROM nominations n WHERE n.id = OLD.nomination_id
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attendance_queue_results AFTER INSERT OR UPDATE OR DELETE ON attendance
  FOR EACH ROW EXECUTE FUNCTION result_queue_enrolment_detail();
--> statement-breakpoint
CREATE TRIGGER test_scores_queue_results AFTER INSERT OR UPDATE OR DELETE ON test_scores
  FOR EACH ROW EXECUTE FUNCTION result_queue_enrolment_detail();
--> statement-breakpoint
CREATE TRIGGER completion_overrides_queue_results AFTER INSERT OR UPDATE OR DELETE ON completion_overrides
  FOR EACH ROW EXECUTE FUNCTION result_queue_enrolment_detail();
--> statement-breakpoint
CREATE TRIGGER follow_ups_queue_results AFTER INSERT OR UPDATE OR DELETE ON follow_ups
  FOR EACH ROW EXECUTE FUNCTION result_queue_enrolment_detail();
--> statement-breakpoint
-- A session's days, dates, modality or course change the completion or the year of its enrolments.
CREATE FUNCTION result_queue_session(session uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO result_dirty_officials
    SELECT DISTINCT n.official_id FROM nominations n WHERE n.session_id = session AND n.status = 'accepted'
  ON CONFLICT DO NOTHING;
  INSERT INTO result_dirty_sessions VALUES (session) ON CONFLICT DO NOTHING;
$$;
--> statement-breakpoint
CREATE FUNCTION result_queue_session_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM result_queue_session(CASE WHEN TG_OP = 'DELETE' THEN OLD.session_id ELSE NEW.session_id END);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER session_days_queue_results AFTER INSERT OR UPDATE OR DELETE ON session_days
  FOR EACH ROW EXECUTE FUNCTION result_queue_session_day();
--> statement-breakpoint
CREATE FUNCTION result_queue_training_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.end_date, OLD.modality, OLD.course_id) IS DISTINCT FROM (NEW.end_date, NEW.modality, NEW.course_id) THEN
    PERFORM result_queue_session(NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER training_sessions_queue_results AFTER UPDATE ON training_sessions
  FOR EACH ROW EXECUTE FUNCTION result_queue_training_session();
--> statement-breakpoint
CREATE FUNCTION result_queue_course() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.programme_id, OLD.level, OLD.thematic_area, OLD.pillars, OLD.attendance_threshold, OLD.test_max_score,
      OLD.post_test_pass_mark)
     IS DISTINCT FROM
     (NEW.programme_id, NEW.level, NEW.thematic_area, NEW.pillars, NEW.attendance_threshold, NEW.test_max_score,
      NEW.post_test_pass_mark) THEN
    PERFORM result_queue_session(s.id) FROM training_sessions s WHERE s.course_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER courses_queue_results AFTER UPDATE ON courses
  FOR EACH ROW EXECUTE FUNCTION result_queue_course();
--> statement-breakpoint
-- A person's state, sex, agency or merge moves them between cells.
CREATE FUNCTION result_queue_official() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.state_iso2, OLD.sex, OLD.agency_id, OLD.merged_into_id)
     IS DISTINCT FROM (NEW.state_iso2, NEW.sex, NEW.agency_id, NEW.merged_into_id) THEN
    INSERT INTO result_dirty_officials VALUES (NEW.id) ON CONFLICT DO NOTHING;
    IF NEW.merged_into_id IS NOT NULL THEN
      INSERT INTO result_dirty_officials VALUES (NEW.merged_into_id) ON CONFLICT DO NOTHING;
    END IF;
    IF OLD.merged_into_id IS NOT NULL THEN
      INSERT INTO result_dirty_officials VALUES (OLD.merged_into_id) ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER officials_queue_results AFTER UPDATE ON officials
  FOR EACH ROW EXECUTE FUNCTION result_queue_official();
--> statement-breakpoint
CREATE FUNCTION result_queue_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.type IS DISTINCT FROM NEW.type THEN
    INSERT INTO result_dirty_officials SELECT o.id FROM officials o WHERE o.agency_id = NEW.id
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER agencies_queue_results AFTER UPDATE ON agencies
  FOR EACH ROW EXECUTE FUNCTION result_queue_agency();
--> statement-breakpoint
CREATE FUNCTION result_queue_evaluation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO result_dirty_sessions VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.session_id ELSE NEW.session_id END)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER evaluation_responses_queue_results AFTER INSERT OR UPDATE OR DELETE ON evaluation_responses
  FOR EACH ROW EXECUTE FUNCTION result_queue_evaluation();
--> statement-breakpoint
-- Facts for data that existed before this migration: queue everyone once.
INSERT INTO result_dirty_officials SELECT DISTINCT official_id FROM nominations WHERE status = 'accepted'
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO result_dirty_sessions SELECT id FROM training_sessions ON CONFLICT DO NOTHING;
