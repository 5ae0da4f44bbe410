ALTER TABLE "distribution_plans" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD COLUMN "closing_note" text;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD CONSTRAINT "distribution_plans_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_plans" ADD CONSTRAINT "distribution_plans_closed" CHECK (("distribution_plans"."closed_at" is null) = ("distribution_plans"."closed_by" is null) and ("distribution_plans"."closing_note" is null or "distribution_plans"."closed_at" is not null));