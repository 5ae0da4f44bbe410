CREATE TYPE "public"."need_event_kind" AS ENUM('create', 'edit', 'submit', 'approve', 'close', 'cancel');--> statement-breakpoint
CREATE TYPE "public"."need_priority" AS ENUM('critical', 'high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."need_status" AS ENUM('draft', 'submitted', 'approved', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."donor_kind" AS ENUM('organisation', 'individual', 'anonymous');--> statement-breakpoint
CREATE TYPE "public"."pledge_line_kind" AS ENUM('goods', 'cash');--> statement-breakpoint
CREATE TYPE "public"."entitlement_basis" AS ENUM('household', 'member', 'child_under_5', 'school_age_child');--> statement-breakpoint
CREATE TYPE "public"."entitlement_window_kind" AS ENUM('rolling_days', 'school_year');--> statement-breakpoint
CREATE TABLE "need_addressees" (
	"need_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "need_addressees_need_id_organisation_id_pk" PRIMARY KEY("need_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "need_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"kind" "need_event_kind" NOT NULL,
	"from_status" "need_status",
	"to_status" "need_status" NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"note" text,
	CONSTRAINT "need_events_sequence" UNIQUE("need_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "need_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity_units" integer NOT NULL,
	CONSTRAINT "need_lines_item_once" UNIQUE("need_id","item_id"),
	CONSTRAINT "need_lines_quantity_positive" CHECK ("need_lines"."quantity_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"location_id" uuid NOT NULL,
	"priority" "need_priority" NOT NULL,
	"needed_by" date NOT NULL,
	"people_to_reach" integer NOT NULL,
	"sector" "sector" NOT NULL,
	"justification" text DEFAULT '' NOT NULL,
	"status" "need_status" NOT NULL,
	"submitted_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "needs_people_positive" CHECK ("needs"."people_to_reach" > 0)
);
--> statement-breakpoint
CREATE TABLE "pledge_cash_receipts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pledge_line_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"received_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pledge_cash_receipts_positive" CHECK ("pledge_cash_receipts"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "pledge_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pledge_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" "pledge_line_kind" NOT NULL,
	"item_id" uuid,
	"quantity_units" integer,
	"currency" text,
	"amount_minor" bigint,
	"need_line_id" uuid,
	CONSTRAINT "pledge_lines_goods_or_cash" CHECK (case "pledge_lines"."kind"
        when 'goods' then "pledge_lines"."item_id" is not null and "pledge_lines"."quantity_units" > 0 and "pledge_lines"."currency" is null and "pledge_lines"."amount_minor" is null
        else "pledge_lines"."item_id" is null and "pledge_lines"."quantity_units" is null and "pledge_lines"."currency" is not null and "pledge_lines"."amount_minor" > 0 end)
);
--> statement-breakpoint
CREATE TABLE "pledges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"donor_kind" "donor_kind" NOT NULL,
	"donor_organisation_id" uuid,
	"donor_display_name" text,
	"expected_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	CONSTRAINT "pledges_donor_organisation" CHECK (("pledges"."donor_kind" = 'organisation') = ("pledges"."donor_organisation_id" is not null)),
	CONSTRAINT "pledges_donor_name" CHECK (("pledges"."donor_kind" = 'individual') = ("pledges"."donor_display_name" is not null))
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pseudonym_key" text NOT NULL,
	"location_id" uuid NOT NULL,
	"member_count" integer NOT NULL,
	"children_under5_count" integer NOT NULL,
	"school_age_children_count" integer NOT NULL,
	"vulnerabilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"registered_by" uuid NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_document_once_per_org" UNIQUE("organisation_id","pseudonym_key"),
	CONSTRAINT "households_composition" CHECK ("households"."member_count" > 0 and "households"."children_under5_count" >= 0 and "households"."school_age_children_count" >= 0
        and "households"."children_under5_count" + "households"."school_age_children_count" <= "households"."member_count")
);
--> statement-breakpoint
CREATE TABLE "entitlement_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity_units" integer NOT NULL,
	"per" "entitlement_basis" NOT NULL,
	"window_kind" "entitlement_window_kind" NOT NULL,
	"window_days" integer,
	"school_year_starts_on" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"retired_by" uuid,
	CONSTRAINT "entitlement_rules_quantity_positive" CHECK ("entitlement_rules"."quantity_units" > 0),
	CONSTRAINT "entitlement_rules_window" CHECK (case "entitlement_rules"."window_kind"
        when 'rolling_days' then "entitlement_rules"."window_days" > 0 and "entitlement_rules"."school_year_starts_on" is null
        else "entitlement_rules"."window_days" is null and "entitlement_rules"."school_year_starts_on" is not null end)
);
--> statement-breakpoint
ALTER TABLE "need_addressees" ADD CONSTRAINT "need_addressees_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_addressees" ADD CONSTRAINT "need_addressees_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_lines" ADD CONSTRAINT "need_lines_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_lines" ADD CONSTRAINT "need_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_cash_receipts" ADD CONSTRAINT "pledge_cash_receipts_pledge_line_id_pledge_lines_id_fk" FOREIGN KEY ("pledge_line_id") REFERENCES "public"."pledge_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_cash_receipts" ADD CONSTRAINT "pledge_cash_receipts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_lines" ADD CONSTRAINT "pledge_lines_pledge_id_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_lines" ADD CONSTRAINT "pledge_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_lines" ADD CONSTRAINT "pledge_lines_need_line_id_need_lines_id_fk" FOREIGN KEY ("need_line_id") REFERENCES "public"."need_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_donor_organisation_id_organisations_id_fk" FOREIGN KEY ("donor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_rules" ADD CONSTRAINT "entitlement_rules_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_rules" ADD CONSTRAINT "entitlement_rules_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_rules" ADD CONSTRAINT "entitlement_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_rules" ADD CONSTRAINT "entitlement_rules_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "need_addressees_org_idx" ON "need_addressees" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "need_lines_item_idx" ON "need_lines" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "needs_org_idx" ON "needs" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "needs_status_idx" ON "needs" USING btree ("status","priority","needed_by");--> statement-breakpoint
CREATE INDEX "pledge_cash_receipts_line_idx" ON "pledge_cash_receipts" USING btree ("pledge_line_id");--> statement-breakpoint
CREATE INDEX "pledge_lines_pledge_idx" ON "pledge_lines" USING btree ("pledge_id");--> statement-breakpoint
CREATE INDEX "pledge_lines_need_line_idx" ON "pledge_lines" USING btree ("need_line_id");--> statement-breakpoint
CREATE INDEX "pledges_org_idx" ON "pledges" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "pledges_donor_org_idx" ON "pledges" USING btree ("donor_organisation_id");--> statement-breakpoint
CREATE INDEX "households_pseudonym_idx" ON "households" USING btree ("pseudonym_key");--> statement-breakpoint
CREATE INDEX "entitlement_rules_org_item_idx" ON "entitlement_rules" USING btree ("organisation_id","item_id");