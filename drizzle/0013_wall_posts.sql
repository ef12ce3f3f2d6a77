CREATE TABLE "wall_posts" (
	"board_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"poster_id" uuid NOT NULL,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "wall_posts_board_id_item_id_pk" PRIMARY KEY("board_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "wall_secrets" (
	"board_id" uuid PRIMARY KEY NOT NULL,
	"secret" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_poster_id_users_id_fk" FOREIGN KEY ("poster_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_secrets" ADD CONSTRAINT "wall_secrets_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wall_posts_poster_idx" ON "wall_posts" USING btree ("board_id","poster_id","posted_at");