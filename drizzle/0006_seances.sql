CREATE TABLE "board_locks" (
	"board_id" uuid NOT NULL,
	"part" text NOT NULL,
	"locked_by" uuid,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_locks_board_id_part_pk" PRIMARY KEY("board_id","part")
);
--> statement-breakpoint
ALTER TABLE "rendez_vous" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rendez_vous" ADD COLUMN "visio_url" text;--> statement-breakpoint
ALTER TABLE "rendez_vous" ADD COLUMN "agenda" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rendez_vous" ADD COLUMN "timer" jsonb;--> statement-breakpoint
ALTER TABLE "board_locks" ADD CONSTRAINT "board_locks_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_locks" ADD CONSTRAINT "board_locks_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;