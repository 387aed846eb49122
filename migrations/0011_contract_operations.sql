CREATE TABLE "duty_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_shifts_order" CHECK ("duty_shifts"."ends_at" > "duty_shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "major_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"site_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "major_events_order" CHECK ("major_events"."ends_at" > "major_events"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "ticket_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "link_codes" ALTER COLUMN "contact_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
ALTER TABLE "link_codes" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "loaner_delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "reopenings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_created_by_agents_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_events" ADD CONSTRAINT "major_events_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_events" ADD CONSTRAINT "major_events_created_by_agents_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_alerts" ADD CONSTRAINT "ticket_alerts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_shifts_time" ON "duty_shifts" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "major_events_time" ON "major_events" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_alerts_once" ON "ticket_alerts" USING btree ("ticket_id","key");--> statement-breakpoint
CREATE INDEX "ticket_alerts_due" ON "ticket_alerts" USING btree ("at","id") WHERE "ticket_alerts"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_codes" ADD CONSTRAINT "link_codes_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_contact" ON "agents" USING btree ("contact_id") WHERE "agents"."contact_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "link_codes_one_live_agent" ON "link_codes" USING btree ("agent_id") WHERE "link_codes"."used_at" is null;--> statement-breakpoint
ALTER TABLE "link_codes" ADD CONSTRAINT "link_codes_owner" CHECK (("link_codes"."contact_id" is null) <> ("link_codes"."agent_id" is null));