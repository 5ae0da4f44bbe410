CREATE TYPE "public"."allocation_plan_status" AS ENUM('proposed', 'accepted');--> statement-breakpoint
CREATE TABLE "allocation_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" "allocation_plan_status" NOT NULL,
	"plan_date" date NOT NULL,
	"body" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"consignment_ids" jsonb,
	CONSTRAINT "allocation_plans_accepted" CHECK (("allocation_plans"."status" = 'accepted') = ("allocation_plans"."accepted_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "transport_lanes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"from_location_id" uuid NOT NULL,
	"to_location_id" uuid NOT NULL,
	"lead_time_days" integer NOT NULL,
	"capacity_kg_per_period" double precision NOT NULL,
	"capacity_m3_per_period" double precision NOT NULL,
	"period_days" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transport_lanes_pair" UNIQUE("organisation_id","from_location_id","to_location_id"),
	CONSTRAINT "transport_lanes_lead_time" CHECK ("transport_lanes"."lead_time_days" >= 0),
	CONSTRAINT "transport_lanes_period" CHECK ("transport_lanes"."period_days" > 0),
	CONSTRAINT "transport_lanes_capacity" CHECK ("transport_lanes"."capacity_kg_per_period" >= 0 and "transport_lanes"."capacity_m3_per_period" >= 0),
	CONSTRAINT "transport_lanes_places_differ" CHECK ("transport_lanes"."from_location_id" <> "transport_lanes"."to_location_id")
);
--> statement-breakpoint
ALTER TABLE "allocation_plans" ADD CONSTRAINT "allocation_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_plans" ADD CONSTRAINT "allocation_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_plans" ADD CONSTRAINT "allocation_plans_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_lanes" ADD CONSTRAINT "transport_lanes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_lanes" ADD CONSTRAINT "transport_lanes_from_location_id_locations_id_fk" FOREIGN KEY ("from_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_lanes" ADD CONSTRAINT "transport_lanes_to_location_id_locations_id_fk" FOREIGN KEY ("to_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_lanes" ADD CONSTRAINT "transport_lanes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocation_plans_org_idx" ON "allocation_plans" USING btree ("organisation_id","created_at");