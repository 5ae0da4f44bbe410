CREATE TYPE "public"."distribution_proof_kind" AS ENUM('voucher', 'signature', 'thumbprint');--> statement-breakpoint
CREATE TYPE "public"."distribution_plan_operation_kind" AS ENUM('issue', 'return');--> statement-breakpoint
CREATE TABLE "distribution_lines" (
	"distribution_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity_units" integer NOT NULL,
	"need_line_id" uuid,
	CONSTRAINT "distribution_lines_distribution_id_position_pk" PRIMARY KEY("distribution_id","position"),
	CONSTRAINT "distribution_lines_item_once" UNIQUE("distribution_id","item_id"),
	CONSTRAINT "distribution_lines_quantity_positive" CHECK ("distribution_lines"."quantity_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "distribution_plan_lines" (
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity_units" integer NOT NULL,
	"per" "entitlement_basis" NOT NULL,
	"need_line_id" uuid,
	CONSTRAINT "distribution_plan_lines_plan_id_position_pk" PRIMARY KEY("plan_id","position"),
	CONSTRAINT "distribution_plan_lines_item_once" UNIQUE("plan_id","item_id"),
	CONSTRAINT "distribution_plan_lines_quantity_positive" CHECK ("distribution_plan_lines"."quantity_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "distribution_plan_operations" (
	"operation_id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" "distribution_plan_operation_kind" NOT NULL,
	"warehouse_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "distribution_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"site_id" uuid NOT NULL,
	"planned_on" date NOT NULL,
	"households_expected" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_plans_households_positive" CHECK ("distribution_plans"."households_expected" > 0)
);
--> statement-breakpoint
CREATE TABLE "distribution_reversals" (
	"distribution_id" uuid PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"reversed_by" uuid NOT NULL,
	"reversed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "distributions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"distributed_at" timestamp with time zone NOT NULL,
	"distributed_on" date NOT NULL,
	"proof_kind" "distribution_proof_kind" NOT NULL,
	"voucher_code" text,
	"proof_sha256" text,
	"proof_ref" text,
	"exception_reason" text,
	"exception_allowed_by" uuid,
	"exception_rule_ids" uuid[],
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributions_proof" CHECK (case "distributions"."proof_kind"
        when 'voucher' then "distributions"."voucher_code" is not null and "distributions"."proof_sha256" is null and "distributions"."proof_ref" is null
        else "distributions"."voucher_code" is null and "distributions"."proof_sha256" is not null and "distributions"."proof_ref" is not null end),
	CONSTRAINT "distributions_exception" CHECK (("distributions"."exception_reason" is null) = ("distributions"."exception_allowed_by" is null) and ("distributions"."exception_reason" is null) = ("distributions"."exception_rule_ids" is null))
);
--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_distribution_id_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_need_line_id_need_lines_id_fk" FOREIGN KEY ("need_line_id") REFERENCES "public"."need_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plan_lines" ADD CONSTRAINT "distribution_plan_lines_plan_id_distribution_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."distribution_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plan_lines" ADD CONSTRAINT "distribution_plan_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plan_lines" ADD CONSTRAINT "distribution_plan_lines_need_line_id_need_lines_id_fk" FOREIGN KEY ("need_line_id") REFERENCES "public"."need_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plan_operations" ADD CONSTRAINT "distribution_plan_operations_operation_id_stock_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."stock_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plan_operations" ADD CONSTRAINT "distribution_plan_operations_plan_id_distribution_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."distribution_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plan_operations" ADD CONSTRAINT "distribution_plan_operations_warehouse_id_locations_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD CONSTRAINT "distribution_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD CONSTRAINT "distribution_plans_site_id_locations_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD CONSTRAINT "distribution_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_reversals" ADD CONSTRAINT "distribution_reversals_distribution_id_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_reversals" ADD CONSTRAINT "distribution_reversals_operation_id_stock_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."stock_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_reversals" ADD CONSTRAINT "distribution_reversals_reversed_by_users_id_fk" FOREIGN KEY ("reversed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_plan_id_distribution_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."distribution_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_site_id_locations_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_exception_allowed_by_users_id_fk" FOREIGN KEY ("exception_allowed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "distribution_plan_operations_plan_idx" ON "distribution_plan_operations" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "distribution_plans_org_idx" ON "distribution_plans" USING btree ("organisation_id","planned_on");--> statement-breakpoint
CREATE INDEX "distributions_household_idx" ON "distributions" USING btree ("household_id","distributed_on");--> statement-breakpoint
CREATE INDEX "distributions_plan_idx" ON "distributions" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "distributions_day_idx" ON "distributions" USING btree ("distributed_on","site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "distributions_voucher_once" ON "distributions" USING btree ("plan_id","voucher_code") WHERE "distributions"."voucher_code" is not null;