DROP INDEX "nominations_session_official_key";--> statement-breakpoint
-- Deferrable, so that a merge of two records can swap their nominations of one session in one transaction.
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_session_official_key" UNIQUE("session_id","official_id") DEFERRABLE INITIALLY IMMEDIATE;
