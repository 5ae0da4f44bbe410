ALTER TYPE "public"."transfer_kind" ADD VALUE 'dispatch';--> statement-breakpoint
ALTER TYPE "public"."transfer_kind" ADD VALUE 'inspection-rejection';--> statement-breakpoint
ALTER TYPE "public"."transfer_kind" ADD VALUE 'receipt';--> statement-breakpoint
ALTER TYPE "public"."transfer_kind" ADD VALUE 'transit-loss';--> statement-breakpoint
ALTER TYPE "public"."transfer_kind" ADD VALUE 'issue';--> statement-breakpoint
ALTER TYPE "public"."transfer_kind" ADD VALUE 'distribution';