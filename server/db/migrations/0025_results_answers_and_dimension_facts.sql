CREATE TABLE "result_dimension_cube" (
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"year" smallint NOT NULL,
	"participations" integer NOT NULL,
	"paired_tests" integer NOT NULL,
	"gain_sum" numeric NOT NULL,
	"gain_square_sum" numeric NOT NULL,
	"normalised_tests" integer NOT NULL,
	"normalised_gain_sum" numeric NOT NULL,
	"follow_up_answers" integer NOT NULL,
	"applied" integer NOT NULL,
	CONSTRAINT "result_dimension_cube_pkey" PRIMARY KEY("dimension","programme_id","value","state_iso2","sex","year")
);
--> statement-breakpoint
CREATE TABLE "result_dimension_signatures" (
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"years" bigint NOT NULL,
	"persons" integer NOT NULL,
	CONSTRAINT "result_dimension_signatures_pkey" PRIMARY KEY("dimension","programme_id","value","state_iso2","sex","years")
);
--> statement-breakpoint
CREATE TABLE "result_dirty_context" (
	"id" bigserial PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_version" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- What the figures read beside the facts (the follow-through of recommendations, the labels of
-- programmes, states and pillars): any change to those tables queues a marker, one per statement.
-- A plain insert, never an update of one shared row: writers do not wait on one another.
CREATE FUNCTION result_queue_context() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO result_dirty_context DEFAULT VALUES;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER recommendations_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON recommendations
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
CREATE TRIGGER recommendation_actions_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON recommendation_actions
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
CREATE TRIGGER meeting_editions_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON meeting_editions
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
CREATE TRIGGER agencies_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON agencies
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
CREATE TRIGGER programmes_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON programmes
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
CREATE TRIGGER member_states_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON member_states
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
CREATE TRIGGER strategy_pillars_queue_results_context AFTER INSERT OR UPDATE OR DELETE ON strategy_pillars
  FOR EACH STATEMENT EXECUTE FUNCTION result_queue_context();
--> statement-breakpoint
-- The recomputation empties the facts by dimension whole when it rebuilds everything.
GRANT TRUNCATE ON result_dimension_signatures, result_dimension_cube TO tadrib_app;
--> statement-breakpoint
-- Facts by dimension computed for nobody yet: queue everyone once (the next read recomputes).
INSERT INTO result_dirty_officials SELECT DISTINCT official_id FROM nominations WHERE status = 'accepted'
  ON CONFLICT DO NOTHING;
