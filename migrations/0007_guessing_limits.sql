CREATE TABLE "attempt_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"allowed" boolean NOT NULL,
	"free" integer NOT NULL,
	"window_ms" integer NOT NULL,
	"first_wait_ms" integer NOT NULL,
	"max_wait_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"identities" jsonb NOT NULL,
	"conversation_ids" jsonb NOT NULL,
	"profile" jsonb NOT NULL,
	"filled" jsonb NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "login_throttle" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "login_throttle" CASCADE;--> statement-breakpoint
ALTER TABLE "link_codes" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "contact_links" ADD CONSTRAINT "contact_links_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_links_contact" ON "contact_links" USING btree ("contact_id","linked_at");--> statement-breakpoint
ALTER TABLE "link_codes" ADD CONSTRAINT "link_codes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "link_codes_one_live" ON "link_codes" USING btree ("contact_id") WHERE "link_codes"."used_at" is null;