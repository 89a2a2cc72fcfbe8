-- Registry search at 115,000 officials (issue 14): trigram indexes answer the search's
-- "contains" conditions (a name key from the start of any key, the original-script name, the
-- email) without reading every row, on PostgreSQL and on PGlite alike (PGlite loads pg_trgm as
-- an extension: server/platform/db.ts). pg_trgm is a trusted extension: the owner of the tables
-- may create it without being a superuser (PostgreSQL 13 and later).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "officials_name_keys_trgm_idx" ON "officials" USING gin ((' ' || "name_keys") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "officials_name_original_trgm_idx" ON "officials" USING gin ("name_original" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "officials_email_trgm_idx" ON "officials" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "officials_list_order_idx" ON "officials" USING btree (lower("family_name"),lower("given_names"),"id") WHERE "officials"."merged_into_id" is null;