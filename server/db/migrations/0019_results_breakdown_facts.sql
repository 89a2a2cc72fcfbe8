CREATE TABLE "result_attribute_cube" (
	"attribute" text NOT NULL,
	"value" text NOT NULL,
	"year" smallint NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"participations" integer NOT NULL,
	"paired_tests" integer NOT NULL,
	"gain_sum" numeric NOT NULL,
	"gain_square_sum" numeric NOT NULL,
	"normalised_tests" integer NOT NULL,
	"normalised_gain_sum" numeric NOT NULL,
	"follow_up_answers" integer NOT NULL,
	"applied" integer NOT NULL,
	CONSTRAINT "result_attribute_cube_pkey" PRIMARY KEY("attribute","value","year","state_iso2","sex","agency_type","programme_id")
);
--> statement-breakpoint
CREATE TABLE "result_attribute_signatures" (
	"attribute" text NOT NULL,
	"value" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"years" bigint NOT NULL,
	"persons" integer NOT NULL,
	CONSTRAINT "result_attribute_signatures_pkey" PRIMARY KEY("attribute","programme_id","value","state_iso2","sex","agency_type","years")
);
--> statement-breakpoint
CREATE TABLE "result_session_states" (
	"session_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"enrolments" integer NOT NULL,
	CONSTRAINT "result_session_states_pkey" PRIMARY KEY("session_id","state_iso2")
);
--> statement-breakpoint
DROP INDEX "result_officials_state_idx";--> statement-breakpoint
ALTER TABLE "result_officials" ADD COLUMN "family_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "result_officials" ADD COLUMN "given_names" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "result_session_states_state_idx" ON "result_session_states" USING btree ("state_iso2");--> statement-breakpoint
CREATE INDEX "result_officials_state_name_idx" ON "result_officials" USING btree ("state_iso2","family_name","given_names","official_id");--> statement-breakpoint
CREATE INDEX "result_officials_state_idx" ON "result_officials" USING btree ("state_iso2","official_id");--> statement-breakpoint
-- result_officials now carries the person's names (the drill-down's order): a change of name,
-- like one of state, sex, agency or merge, queues the person.
CREATE OR REPLACE FUNCTION result_queue_official() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.state_iso2, OLD.sex, OLD.agency_id, OLD.merged_into_id, OLD.family_name, OLD.given_names)
     IS DISTINCT FROM (NEW.state_iso2, NEW.sex, NEW.agency_id, NEW.merged_into_id, NEW.family_name, NEW.given_names) THEN
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
-- The results recomputation empties these derived tables whole when it rebuilds everything.
GRANT TRUNCATE ON result_attribute_cube, result_attribute_signatures, result_session_states TO tadrib_app;
--> statement-breakpoint
-- Facts computed before these tables existed: queue everyone once.
INSERT INTO result_dirty_officials SELECT DISTINCT official_id FROM nominations WHERE status = 'accepted'
  ON CONFLICT DO NOTHING;
