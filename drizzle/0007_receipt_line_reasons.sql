CREATE TYPE "public"."receipt_damaged_reason" AS ENUM('crushed', 'wet', 'spoiled', 'broken_seal', 'other');--> statement-breakpoint
CREATE TYPE "public"."receipt_short_reason" AS ENUM('missing', 'pilfered', 'miscounted', 'other');--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD COLUMN "damaged_reason" "receipt_damaged_reason";--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD COLUMN "damaged_note" text;--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD COLUMN "short_reason" "receipt_short_reason";--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD COLUMN "short_note" text;--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD CONSTRAINT "consignment_receipt_damaged_reason" CHECK ("consignment_receipt_lines"."damaged_reason" is null or "consignment_receipt_lines"."damaged_units" > 0);--> statement-breakpoint
ALTER TABLE "consignment_receipt_lines" ADD CONSTRAINT "consignment_receipt_short_reason" CHECK ("consignment_receipt_lines"."short_reason" is null or "consignment_receipt_lines"."short_units" > 0);