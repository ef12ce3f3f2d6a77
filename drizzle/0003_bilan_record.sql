CREATE TYPE "public"."half_day" AS ENUM('matin', 'apres_midi');--> statement-breakpoint
CREATE TYPE "public"."questionnaire" AS ENUM('fin_de_bilan', 'six_mois');--> statement-breakpoint
CREATE TYPE "public"."snapshot_trigger" AS ENUM('manual', 'phase', 'seance', 'close');--> statement-breakpoint
CREATE TABLE "attendance_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rendez_vous_id" uuid NOT NULL,
	"day" date NOT NULL,
	"half_day" "half_day" NOT NULL,
	"signer_id" uuid,
	"signer_role" "role" NOT NULL,
	"signer_name" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "bilan_closures" (
	"bilan_id" uuid PRIMARY KEY NOT NULL,
	"kept" jsonb NOT NULL,
	"agreed_by" uuid,
	"agreed_at" timestamp with time zone NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"retain_until" timestamp with time zone,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "board_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"bilan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"phase" "phase" NOT NULL,
	"trigger" "snapshot_trigger" NOT NULL,
	"seq" bigint NOT NULL,
	"state" "bytea" NOT NULL,
	"summary" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bilan_id" uuid NOT NULL,
	"questionnaire" "questionnaire" NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"bilan_id" uuid NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_email" text,
	"created_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "synthese_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bilan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"state" "bytea" NOT NULL,
	"content" jsonb NOT NULL,
	"validated_by" uuid,
	"validated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rendez_vous" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erasure_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attendance_signatures" ADD CONSTRAINT "attendance_signatures_rendez_vous_id_rendez_vous_id_fk" FOREIGN KEY ("rendez_vous_id") REFERENCES "public"."rendez_vous"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_signatures" ADD CONSTRAINT "attendance_signatures_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bilan_closures" ADD CONSTRAINT "bilan_closures_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bilan_closures" ADD CONSTRAINT "bilan_closures_agreed_by_users_id_fk" FOREIGN KEY ("agreed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bilan_closures" ADD CONSTRAINT "bilan_closures_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_snapshots" ADD CONSTRAINT "board_snapshots_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_snapshots" ADD CONSTRAINT "board_snapshots_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_snapshots" ADD CONSTRAINT "board_snapshots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "synthese_versions" ADD CONSTRAINT "synthese_versions_bilan_id_bilans_id_fk" FOREIGN KEY ("bilan_id") REFERENCES "public"."bilans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "synthese_versions" ADD CONSTRAINT "synthese_versions_validated_by_users_id_fk" FOREIGN KEY ("validated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_signatures_key" ON "attendance_signatures" USING btree ("rendez_vous_id","day","half_day","signer_role");--> statement-breakpoint
CREATE INDEX "board_snapshots_board_idx" ON "board_snapshots" USING btree ("board_id","created_at");--> statement-breakpoint
CREATE INDEX "board_snapshots_bilan_idx" ON "board_snapshots" USING btree ("bilan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_responses_key" ON "questionnaire_responses" USING btree ("bilan_id","questionnaire");--> statement-breakpoint
CREATE INDEX "share_links_bilan_idx" ON "share_links" USING btree ("bilan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "synthese_versions_bilan_version_key" ON "synthese_versions" USING btree ("bilan_id","version");--> statement-breakpoint
CREATE FUNCTION "atelier_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- The one change allowed: the author's user row deleted (ON DELETE SET NULL of the column named
	-- as the trigger's argument). Everything else in the row stays as it was.
	IF (to_jsonb(NEW) ->> TG_ARGV[0]) IS NULL
		AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "board_snapshots_immutable" BEFORE UPDATE ON "board_snapshots" FOR EACH ROW EXECUTE FUNCTION "atelier_refuse_update"('created_by');--> statement-breakpoint
CREATE TRIGGER "synthese_versions_immutable" BEFORE UPDATE ON "synthese_versions" FOR EACH ROW EXECUTE FUNCTION "atelier_refuse_update"('validated_by');--> statement-breakpoint
CREATE TRIGGER "attendance_signatures_immutable" BEFORE UPDATE ON "attendance_signatures" FOR EACH ROW EXECUTE FUNCTION "atelier_refuse_update"('signer_id');
