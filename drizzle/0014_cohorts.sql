CREATE TABLE "cohort_exercises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"handed_out_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_members" (
	"cohort_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"invited_at" timestamp with time zone,
	"joined_at" timestamp with time zone,
	"charter_accepted_at" timestamp with time zone,
	CONSTRAINT "cohort_members_cohort_id_user_id_pk" PRIMARY KEY("cohort_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_seances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"mode" "rdv_mode" DEFAULT 'presentiel' NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohort_seances_duration" CHECK ("cohort_seances"."duration_minutes" > 0 and "cohort_seances"."duration_minutes" <= 480)
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"facilitator_id" uuid,
	"capacity" integer DEFAULT 20 NOT NULL,
	"start_date" date NOT NULL,
	"join_code" text NOT NULL,
	"ended_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohorts_capacity" CHECK ("cohorts"."capacity" between 8 and 20),
	CONSTRAINT "cohorts_name" CHECK (char_length("cohorts"."name") between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "boards" ALTER COLUMN "bilan_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "cohort_id" uuid;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "exercise_id" uuid;--> statement-breakpoint
ALTER TABLE "cohort_exercises" ADD CONSTRAINT "cohort_exercises_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_exercises" ADD CONSTRAINT "cohort_exercises_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_seances" ADD CONSTRAINT "cohort_seances_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohort_exercises_cohort_idx" ON "cohort_exercises" USING btree ("cohort_id","created_at");--> statement-breakpoint
CREATE INDEX "cohort_members_user_idx" ON "cohort_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "cohort_seances_cohort_idx" ON "cohort_seances" USING btree ("cohort_id","starts_at");--> statement-breakpoint
CREATE INDEX "cohorts_org_idx" ON "cohorts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "cohorts_facilitator_idx" ON "cohorts" USING btree ("facilitator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cohorts_join_code_key" ON "cohorts" USING btree ("join_code");--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_exercise_id_cohort_exercises_id_fk" FOREIGN KEY ("exercise_id") REFERENCES "public"."cohort_exercises"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "boards_cohort_idx" ON "boards" USING btree ("cohort_id");--> statement-breakpoint
CREATE UNIQUE INDEX "boards_exercise_owner_key" ON "boards" USING btree ("exercise_id","owner_id") WHERE "boards"."owner_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "boards_exercise_template_key" ON "boards" USING btree ("exercise_id") WHERE "boards"."owner_id" is null and "boards"."cohort_id" is not null;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_one_owner" CHECK (("boards"."bilan_id" is null) <> ("boards"."cohort_id" is null));