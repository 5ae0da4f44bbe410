CREATE TYPE "public"."consignment_event_kind" AS ENUM('created', 'packed', 'dispatched', 'arrived', 'under_review', 'inspected', 'departed', 'offloaded', 'collected', 'received', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."consignment_status" AS ENUM('draft', 'packed', 'in_transit', 'at_checkpoint', 'offloaded', 'collected', 'received', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."handling_unit_kind" AS ENUM('parcel', 'box', 'pallet');--> statement-breakpoint
CREATE TYPE "public"."inspection_outcome" AS ENUM('cleared', 'held', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."transport_mode" AS ENUM('road', 'air', 'sea', 'rail', 'on_foot');--> statement-breakpoint
CREATE TABLE "consignment_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consignment_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"kind" "consignment_event_kind" NOT NULL,
	"from_status" "consignment_status" NOT NULL,
	"to_status" "consignment_status" NOT NULL,
	"location_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid,
	"operation_id" uuid NOT NULL,
	"under_review_since" date,
	"note" text,
	CONSTRAINT "consignment_events_sequence" UNIQUE("consignment_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "consignment_inspection_lines" (
	"event_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"outcome" "inspection_outcome" NOT NULL,
	"component_item_id" uuid,
	"rejected_units" integer DEFAULT 0 NOT NULL,
	"kits_opened" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"to_location_id" uuid,
	CONSTRAINT "consignment_inspection_lines_event_id_line_id_pk" PRIMARY KEY("event_id","line_id"),
	CONSTRAINT "consignment_inspection_rejected_nonnegative" CHECK ("consignment_inspection_lines"."rejected_units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "consignment_legs" (
	"consignment_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"from_location_id" uuid NOT NULL,
	"to_location_id" uuid NOT NULL,
	"mode" "transport_mode" NOT NULL,
	CONSTRAINT "consignment_legs_consignment_id_position_pk" PRIMARY KEY("consignment_id","position")
);
--> statement-breakpoint
CREATE TABLE "consignment_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consignment_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity_units" integer NOT NULL,
	"need_line_id" uuid,
	"parent_line_id" uuid,
	"fragile" boolean DEFAULT false NOT NULL,
	CONSTRAINT "consignment_lines_position" UNIQUE("consignment_id","position"),
	CONSTRAINT "consignment_lines_lot_need" UNIQUE NULLS NOT DISTINCT("consignment_id","lot_id","need_line_id"),
	CONSTRAINT "consignment_lines_quantity_nonnegative" CHECK ("consignment_lines"."quantity_units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "consignment_receipt_lines" (
	"event_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"good_units" integer NOT NULL,
	"damaged_units" integer NOT NULL,
	"short_units" integer NOT NULL,
	CONSTRAINT "consignment_receipt_lines_event_id_line_id_pk" PRIMARY KEY("event_id","line_id")
);
--> statement-breakpoint
CREATE TABLE "consignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"sender_organisation_id" uuid NOT NULL,
	"consignee_organisation_id" uuid NOT NULL,
	"carrier_organisation_id" uuid,
	"origin_location_id" uuid NOT NULL,
	"destination_location_id" uuid NOT NULL,
	"expected_arrival_on" date,
	"note" text,
	"status" "consignment_status" NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consignments_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "handling_unit_contents" (
	"handling_unit_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"quantity_units" integer NOT NULL,
	CONSTRAINT "handling_unit_contents_handling_unit_id_line_id_pk" PRIMARY KEY("handling_unit_id","line_id"),
	CONSTRAINT "handling_unit_contents_positive" CHECK ("handling_unit_contents"."quantity_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "handling_unit_scans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"handling_unit_id" uuid NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"location_id" uuid,
	"note" text,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handling_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consignment_id" uuid NOT NULL,
	"code" text NOT NULL,
	"number" integer NOT NULL,
	"total" integer NOT NULL,
	"kind" "handling_unit_kind" NOT NULL,
	"cold_chain" boolean NOT NULL,
	"fragile" boolean NOT NULL,
	"weight_kg" double precision NOT NULL,
	"volume_m3" double precision NOT NULL,
	CONSTRAINT "handling_units_code_unique" UNIQUE("code"),
	CONSTRAINT "handling_units_number" UNIQUE("consignment_id","number")
);
--> statement-breakpoint
ALTER TABLE "consignment_events" ADD CONSTRAINT "consignment_events_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_events" ADD CONSTRAINT "consignment_events_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_events" ADD CONSTRAINT "consignment_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_events" ADD CONSTRAINT "consignment_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_inspection_lines" ADD CONSTRAINT "consignment_inspection_lines_event_id_consignment_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."consignment_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_inspection_lines" ADD CONSTRAINT "consignment_inspection_lines_line_id_consignment_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."consignment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_inspection_lines" ADD CONSTRAINT "consignment_inspection_lines_component_item_id_items_id_fk" FOREIGN KEY ("component_item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_inspection_lines" ADD CONSTRAINT "consignment_inspection_lines_to_location_id_locations_id_fk" FOREIGN KEY ("to_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_legs" ADD CONSTRAINT "consignment_legs_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_legs" ADD CONSTRAINT "consignment_legs_from_location_id_locations_id_fk" FOREIGN KEY ("from_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_legs" ADD CONSTRAINT "consignment_legs_to_location_id_locations_id_fk" FOREIGN KEY ("to_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_lines" ADD CONSTRAINT "consignment_lines_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_lines" ADD CONSTRAINT "consignment_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_lines" ADD CONSTRAINT "consignment_lines_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_lines" ADD CONSTRAINT "consignment_lines_need_line_id_need_lines_id_fk" FOREIGN KEY ("need_line_id") REFERENCES "public"."need_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_lines" ADD CONSTRAINT "consignment_lines_parent_line_id_consignment_lines_id_fk" FOREIGN KEY ("parent_line_id") REFERENCES "public"."consignment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD CONSTRAINT "consignment_receipt_lines_event_id_consignment_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."consignment_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD CONSTRAINT "consignment_receipt_lines_line_id_consignment_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."consignment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_sender_organisation_id_organisations_id_fk" FOREIGN KEY ("sender_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_consignee_organisation_id_organisations_id_fk" FOREIGN KEY ("consignee_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_carrier_organisation_id_organisations_id_fk" FOREIGN KEY ("carrier_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_origin_location_id_locations_id_fk" FOREIGN KEY ("origin_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_destination_location_id_locations_id_fk" FOREIGN KEY ("destination_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_unit_contents" ADD CONSTRAINT "handling_unit_contents_handling_unit_id_handling_units_id_fk" FOREIGN KEY ("handling_unit_id") REFERENCES "public"."handling_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_unit_contents" ADD CONSTRAINT "handling_unit_contents_line_id_consignment_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."consignment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_unit_scans" ADD CONSTRAINT "handling_unit_scans_handling_unit_id_handling_units_id_fk" FOREIGN KEY ("handling_unit_id") REFERENCES "public"."handling_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_unit_scans" ADD CONSTRAINT "handling_unit_scans_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_unit_scans" ADD CONSTRAINT "handling_unit_scans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_unit_scans" ADD CONSTRAINT "handling_unit_scans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_units" ADD CONSTRAINT "handling_units_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consignment_events_operation_idx" ON "consignment_events" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "consignment_lines_need_line_idx" ON "consignment_lines" USING btree ("need_line_id") WHERE "consignment_lines"."need_line_id" is not null;--> statement-breakpoint
CREATE INDEX "consignments_sender_idx" ON "consignments" USING btree ("sender_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "consignments_consignee_idx" ON "consignments" USING btree ("consignee_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "consignments_carrier_idx" ON "consignments" USING btree ("carrier_organisation_id") WHERE "consignments"."carrier_organisation_id" is not null;--> statement-breakpoint
CREATE INDEX "handling_unit_scans_unit_idx" ON "handling_unit_scans" USING btree ("handling_unit_id","scanned_at");--> statement-breakpoint
CREATE INDEX "transfers_consignment_idx" ON "transfers" USING btree ("consignment_id") WHERE "transfers"."consignment_id" is not null;