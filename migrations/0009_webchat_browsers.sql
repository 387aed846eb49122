CREATE TABLE "webchat_browsers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webchat_browsers_secret" UNIQUE("secret_hash")
);
--> statement-breakpoint
ALTER TABLE "channel_identities" ADD COLUMN "browser_id" uuid;--> statement-breakpoint
ALTER TABLE "channel_identities" ADD CONSTRAINT "channel_identities_browser_id_webchat_browsers_id_fk" FOREIGN KEY ("browser_id") REFERENCES "public"."webchat_browsers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "identities_browser" ON "channel_identities" USING btree ("browser_id","created_at");