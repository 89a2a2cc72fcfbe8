-- After every change the results refresh deletes the fact rows its subtraction brought to zero
-- (server/modules/results/freshness.ts). These partial indexes hold only such rows, so each delete
-- reads a handful of entries instead of the whole table: at scale 100 the refresh of one person took
-- 0.3–1.1 s on PostgreSQL, most of it in these deletes, and 0.13–0.2 s with the indexes.
CREATE INDEX "result_attribute_cube_emptied_idx" ON "result_attribute_cube" USING btree ("state_iso2") WHERE "result_attribute_cube"."participations" = 0;--> statement-breakpoint
CREATE INDEX "result_attribute_signatures_emptied_idx" ON "result_attribute_signatures" USING btree ("state_iso2") WHERE "result_attribute_signatures"."persons" = 0;--> statement-breakpoint
CREATE INDEX "result_cube_emptied_idx" ON "result_cube" USING btree ("state_iso2") WHERE "result_cube"."participations" = 0;--> statement-breakpoint
CREATE INDEX "result_dimension_cube_emptied_idx" ON "result_dimension_cube" USING btree ("state_iso2") WHERE "result_dimension_cube"."participations" = 0;--> statement-breakpoint
CREATE INDEX "result_dimension_signatures_emptied_idx" ON "result_dimension_signatures" USING btree ("state_iso2") WHERE "result_dimension_signatures"."persons" = 0;--> statement-breakpoint
CREATE INDEX "result_month_facts_emptied_idx" ON "result_month_facts" USING btree ("state_iso2") WHERE "result_month_facts"."participations" = 0;--> statement-breakpoint
CREATE INDEX "result_person_signatures_emptied_idx" ON "result_person_signatures" USING btree ("state_iso2") WHERE "result_person_signatures"."persons" = 0;--> statement-breakpoint
CREATE INDEX "result_programme_signatures_emptied_idx" ON "result_programme_signatures" USING btree ("state_iso2") WHERE "result_programme_signatures"."persons" = 0;--> statement-breakpoint
CREATE INDEX "result_session_states_emptied_idx" ON "result_session_states" USING btree ("state_iso2") WHERE "result_session_states"."enrolments" = 0;