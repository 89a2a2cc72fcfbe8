CREATE TABLE "meeting_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"edition_id" uuid NOT NULL,
	"day" date NOT NULL,
	"starts_at" time NOT NULL,
	"ends_at" time NOT NULL,
	"kind" text NOT NULL,
	"title" jsonb NOT NULL,
	"room" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_agenda_items_times_ordered" CHECK ("meeting_agenda_items"."ends_at" > "meeting_agenda_items"."starts_at"),
	CONSTRAINT "meeting_agenda_items_kind_valid" CHECK ("meeting_agenda_items"."kind" in ('ceremony','plenary','panel','working_session','break'))
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_speakers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"delegate_id" uuid,
	"name" text,
	"part" text,
	CONSTRAINT "meeting_agenda_speakers_one_identity" CHECK (("meeting_agenda_speakers"."delegate_id" is null) <> ("meeting_agenda_speakers"."name" is null))
);
--> statement-breakpoint
CREATE TABLE "meeting_delegates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"edition_id" uuid NOT NULL,
	"delegation_id" uuid NOT NULL,
	"title" text,
	"given_names" text NOT NULL,
	"family_name" text NOT NULL,
	"function" text NOT NULL,
	"email" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"registered_by" uuid,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_delegates_status_valid" CHECK ("meeting_delegates"."status" in ('pending','approved','declined')),
	CONSTRAINT "meeting_delegates_decided" CHECK (("meeting_delegates"."status" = 'pending') = ("meeting_delegates"."decided_at" is null)),
	CONSTRAINT "meeting_delegates_decline_reason" CHECK ("meeting_delegates"."status" <> 'declined' or "meeting_delegates"."decision_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "meeting_delegations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"edition_id" uuid NOT NULL,
	"state_iso2" text,
	"agency_id" uuid,
	"organisation_id" uuid,
	"role" text NOT NULL,
	"head_delegate_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_delegations_one_party" CHECK (("meeting_delegations"."state_iso2" is null) <> ("meeting_delegations"."organisation_id" is null)),
	CONSTRAINT "meeting_delegations_agency_of_state" CHECK ("meeting_delegations"."agency_id" is null or "meeting_delegations"."state_iso2" is not null),
	CONSTRAINT "meeting_delegations_role_valid" CHECK ("meeting_delegations"."role" in ('member','observer','international_organisation')),
	CONSTRAINT "meeting_delegations_role_fits_party" CHECK (("meeting_delegations"."role" = 'international_organisation' and "meeting_delegations"."organisation_id" is not null) or ("meeting_delegations"."role" = 'member' and "meeting_delegations"."state_iso2" is not null) or "meeting_delegations"."role" = 'observer')
);
--> statement-breakpoint
CREATE TABLE "meeting_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"edition_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"file_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_documents_file_id_unique" UNIQUE("file_id"),
	CONSTRAINT "meeting_documents_kind_valid" CHECK ("meeting_documents"."kind" in ('outcome','concept_note','report','presentation','other')),
	CONSTRAINT "meeting_documents_language_valid" CHECK ("meeting_documents"."language" in ('en','fr','ar','pt'))
);
--> statement-breakpoint
CREATE TABLE "meeting_editions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"city" text NOT NULL,
	"country_iso2" text NOT NULL,
	"theme" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_editions_number_unique" UNIQUE("number"),
	CONSTRAINT "meeting_editions_number_positive" CHECK ("meeting_editions"."number" > 0),
	CONSTRAINT "meeting_editions_dates_ordered" CHECK ("meeting_editions"."end_date" >= "meeting_editions"."start_date")
);
--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_edition_id_meeting_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."meeting_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_speakers" ADD CONSTRAINT "meeting_agenda_speakers_agenda_item_id_meeting_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_speakers" ADD CONSTRAINT "meeting_agenda_speakers_delegate_id_meeting_delegates_id_fk" FOREIGN KEY ("delegate_id") REFERENCES "public"."meeting_delegates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegates" ADD CONSTRAINT "meeting_delegates_edition_id_meeting_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."meeting_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegates" ADD CONSTRAINT "meeting_delegates_delegation_id_meeting_delegations_id_fk" FOREIGN KEY ("delegation_id") REFERENCES "public"."meeting_delegations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegates" ADD CONSTRAINT "meeting_delegates_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegates" ADD CONSTRAINT "meeting_delegates_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegations" ADD CONSTRAINT "meeting_delegations_edition_id_meeting_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."meeting_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegations" ADD CONSTRAINT "meeting_delegations_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegations" ADD CONSTRAINT "meeting_delegations_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegations" ADD CONSTRAINT "meeting_delegations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_delegations" ADD CONSTRAINT "meeting_delegations_head_delegate_id_meeting_delegates_id_fk" FOREIGN KEY ("head_delegate_id") REFERENCES "public"."meeting_delegates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_documents" ADD CONSTRAINT "meeting_documents_edition_id_meeting_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."meeting_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_documents" ADD CONSTRAINT "meeting_documents_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_documents" ADD CONSTRAINT "meeting_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_editions" ADD CONSTRAINT "meeting_editions_country_iso2_member_states_iso2_fk" FOREIGN KEY ("country_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_agenda_items_edition_idx" ON "meeting_agenda_items" USING btree ("edition_id","day","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_agenda_speakers_position_key" ON "meeting_agenda_speakers" USING btree ("agenda_item_id","position");--> statement-breakpoint
CREATE INDEX "meeting_agenda_speakers_delegate_idx" ON "meeting_agenda_speakers" USING btree ("delegate_id");--> statement-breakpoint
CREATE INDEX "meeting_delegates_delegation_idx" ON "meeting_delegates" USING btree ("delegation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_delegates_edition_email_key" ON "meeting_delegates" USING btree ("edition_id",lower("email"));--> statement-breakpoint
CREATE INDEX "meeting_delegations_edition_idx" ON "meeting_delegations" USING btree ("edition_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_delegations_edition_state_key" ON "meeting_delegations" USING btree ("edition_id","state_iso2") WHERE "meeting_delegations"."state_iso2" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_delegations_edition_organisation_key" ON "meeting_delegations" USING btree ("edition_id","organisation_id") WHERE "meeting_delegations"."organisation_id" is not null;--> statement-breakpoint
CREATE INDEX "meeting_documents_edition_idx" ON "meeting_documents" USING btree ("edition_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_documents_outcome_language_key" ON "meeting_documents" USING btree ("edition_id","language") WHERE "meeting_documents"."kind" = 'outcome';