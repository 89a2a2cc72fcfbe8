CREATE TABLE "result_person_signatures" (
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"years" bigint NOT NULL,
	"persons" integer NOT NULL,
	CONSTRAINT "result_person_signatures_pkey" PRIMARY KEY("state_iso2","sex","agency_type","years")
);
--> statement-breakpoint
CREATE TABLE "result_programme_signatures" (
	"programme_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"years" bigint NOT NULL,
	"persons" integer NOT NULL,
	CONSTRAINT "result_programme_signatures_pkey" PRIMARY KEY("programme_id","state_iso2","sex","agency_type","years")
);
--> statement-breakpoint
-- Facts computed before these tables existed: queue everyone once.
INSERT INTO result_dirty_officials SELECT DISTINCT official_id FROM nominations WHERE status = 'accepted'
  ON CONFLICT DO NOTHING;
