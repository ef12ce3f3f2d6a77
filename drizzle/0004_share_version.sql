ALTER TABLE "share_links" ADD COLUMN "synthese_version" integer;--> statement-breakpoint
-- Links made before this column showed whatever was validated last. Each is pinned to the version
-- that was the latest when it was created (the one the beneficiary saw when consenting); a link
-- made before any validation stays on none, and its beneficiary is offered to share the new one.
UPDATE "share_links" SET "synthese_version" = (
	SELECT max(v."version") FROM "synthese_versions" v
	WHERE v."bilan_id" = "share_links"."bilan_id" AND v."validated_at" <= "share_links"."created_at"
);
