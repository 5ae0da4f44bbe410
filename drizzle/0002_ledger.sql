CREATE TYPE "public"."account_kind" AS ENUM('holding', 'transit', 'source', 'sink', 'kitting');--> statement-breakpoint
CREATE TYPE "public"."lot_status" AS ENUM('available', 'quarantined', 'expired', 'recalled', 'damaged');--> statement-breakpoint
CREATE TYPE "public"."transfer_kind" AS ENUM('intake', 'move', 'handover', 'adjustment', 'kit-assembly', 'kit-disassembly', 'reversal', 'import');--> statement-breakpoint
CREATE TYPE "public"."triage_class" AS ENUM('urgent', 'non-urgent', 'non-priority', 'unusable');--> statement-breakpoint
CREATE TYPE "public"."count_reason" AS ENUM('lost', 'found', 'damaged', 'expired', 'theft', 'data-entry-error', 'other');--> statement-breakpoint
CREATE TYPE "public"."stock_count_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "account_balances" (
	"account_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"balance_units" bigint NOT NULL,
	"non_negative" boolean NOT NULL,
	CONSTRAINT "account_balances_account_id_item_id_lot_id_pk" PRIMARY KEY("account_id","item_id","lot_id"),
	CONSTRAINT "account_balances_non_negative" CHECK (not "account_balances"."non_negative" or "account_balances"."balance_units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" "account_kind" NOT NULL,
	"organisation_id" uuid,
	"location_id" uuid,
	"consignment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "ledger_chain_heads" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lot_status_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"from_status" "lot_status" NOT NULL,
	"to_status" "lot_status" NOT NULL,
	"reason" text NOT NULL,
	"organisation_id" uuid,
	"user_id" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_code" text NOT NULL,
	"expiry_date" date,
	"status" "lot_status" DEFAULT 'available' NOT NULL,
	"triage_class" "triage_class",
	"donor_organisation_id" uuid,
	"pledge_line_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lots_item_code_unique" UNIQUE("item_id","lot_code")
);
--> statement-breakpoint
CREATE TABLE "stock_operations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"request_hash" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "transfers_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organisation_id" uuid NOT NULL,
	"chain_seq" bigint NOT NULL,
	"operation_id" uuid NOT NULL,
	"kind" "transfer_kind" NOT NULL,
	"from_account_id" uuid NOT NULL,
	"to_account_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity_units" bigint NOT NULL,
	"reason" text,
	"user_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"pledge_line_id" uuid,
	"need_line_id" uuid,
	"consignment_id" uuid,
	"distribution_id" uuid,
	"reverses_transfer_id" uuid,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "transfers_chain_unique" UNIQUE("organisation_id","chain_seq"),
	CONSTRAINT "transfers_reverses_unique" UNIQUE("reverses_transfer_id"),
	CONSTRAINT "transfers_quantity_positive" CHECK ("transfers"."quantity_units" > 0),
	CONSTRAINT "transfers_accounts_differ" CHECK ("transfers"."from_account_id" <> "transfers"."to_account_id")
);
--> statement-breakpoint
CREATE TABLE "stock_count_lines" (
	"count_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"counted_units" bigint NOT NULL,
	"counted_by" uuid NOT NULL,
	"counted_at" timestamp with time zone NOT NULL,
	"expected_units" bigint,
	"reason" "count_reason",
	"adjustment_transfer_id" uuid,
	CONSTRAINT "stock_count_lines_count_id_lot_id_pk" PRIMARY KEY("count_id","lot_id")
);
--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"status" "stock_count_status" DEFAULT 'open' NOT NULL,
	"note" text,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"closing_operation_id" uuid
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"transfers" bigint NOT NULL,
	"key_fingerprint" text NOT NULL,
	"payload" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_chain_heads" ADD CONSTRAINT "ledger_chain_heads_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_status_changes" ADD CONSTRAINT "lot_status_changes_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_status_changes" ADD CONSTRAINT "lot_status_changes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_status_changes" ADD CONSTRAINT "lot_status_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_donor_organisation_id_organisations_id_fk" FOREIGN KEY ("donor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_pledge_line_id_pledge_lines_id_fk" FOREIGN KEY ("pledge_line_id") REFERENCES "public"."pledge_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_operations" ADD CONSTRAINT "stock_operations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_operations" ADD CONSTRAINT "stock_operations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_reverses_transfer_id_transfers_id_fk" FOREIGN KEY ("reverses_transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_count_id_stock_counts_id_fk" FOREIGN KEY ("count_id") REFERENCES "public"."stock_counts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_counted_by_users_id_fk" FOREIGN KEY ("counted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_balances_lot_idx" ON "account_balances" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_org_idx" ON "ledger_accounts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_location_idx" ON "ledger_accounts" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "lot_status_changes_lot_idx" ON "lot_status_changes" USING btree ("lot_id","changed_at");--> statement-breakpoint
CREATE INDEX "lots_expiry_idx" ON "lots" USING btree ("expiry_date");--> statement-breakpoint
CREATE INDEX "stock_operations_org_idx" ON "stock_operations" USING btree ("organisation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "transfers_from_idx" ON "transfers" USING btree ("from_account_id","seq");--> statement-breakpoint
CREATE INDEX "transfers_to_idx" ON "transfers" USING btree ("to_account_id","seq");--> statement-breakpoint
CREATE INDEX "transfers_item_time_idx" ON "transfers" USING btree ("item_id","occurred_at");--> statement-breakpoint
CREATE INDEX "transfers_operation_idx" ON "transfers" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "transfers_pledge_line_idx" ON "transfers" USING btree ("pledge_line_id") WHERE "transfers"."pledge_line_id" is not null;--> statement-breakpoint
CREATE INDEX "transfers_need_line_idx" ON "transfers" USING btree ("need_line_id") WHERE "transfers"."need_line_id" is not null;--> statement-breakpoint
CREATE INDEX "stock_counts_org_idx" ON "stock_counts" USING btree ("organisation_id","opened_at");