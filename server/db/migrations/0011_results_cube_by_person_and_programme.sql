ALTER TABLE "result_cube" DROP CONSTRAINT "result_cube_year_state_iso2_sex_agency_type_programme_id_course_level_modality_thematic_area_pk";--> statement-breakpoint
ALTER TABLE "result_cube" ADD CONSTRAINT "result_cube_pkey" PRIMARY KEY("year","state_iso2","sex","agency_type","programme_id");--> statement-breakpoint
ALTER TABLE "result_cube" DROP COLUMN "course_level";--> statement-breakpoint
ALTER TABLE "result_cube" DROP COLUMN "modality";--> statement-breakpoint
ALTER TABLE "result_cube" DROP COLUMN "thematic_area";