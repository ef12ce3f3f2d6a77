ALTER TABLE "cohort_seances" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cohort_seances" ADD COLUMN "timer" jsonb;--> statement-breakpoint
ALTER TABLE "cohort_seances" ADD COLUMN "screen_request" jsonb;--> statement-breakpoint
ALTER TABLE "cohort_seances" ADD COLUMN "screen_board_id" uuid;--> statement-breakpoint
ALTER TABLE "cohort_seances" ADD CONSTRAINT "cohort_seances_screen_board_id_boards_id_fk" FOREIGN KEY ("screen_board_id") REFERENCES "public"."boards"("id") ON DELETE set null ON UPDATE no action;