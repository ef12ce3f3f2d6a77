CREATE TABLE "employer_agreements" (
	"bilan_id" uuid PRIMARY KEY NOT NULL,
	"requested_on" date,
	"granted_on" date,
	"attachment" "bytea",
	"attachment_size" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bilan_id" uuid NOT NULL,
	"name" text NOT NULL,
	"taken_on" date NOT NULL,
	"result" text NOT NULL,
	"attachment" "bytea",
	"attachment_size" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bilans" ADD COLUMN "working_time" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "employer_agreements" ADD CONSTRAINT "employer_agreements_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employer_agreements" ADD CONSTRAINT "employer_agreements_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_results_bilan_idx" ON "test_results" USING btree ("bilan_id","taken_on");