CREATE TABLE "fact_corrections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"fact" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "llm_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"conversation_id" uuid,
	"model" text NOT NULL,
	"prompt_version" text NOT NULL,
	"outcome" text NOT NULL,
	"latency_ms" integer NOT NULL,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"answer" jsonb,
	"error" text,
	"changed" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "summary" jsonb;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "triage" jsonb;--> statement-breakpoint
ALTER TABLE "fact_corrections" ADD CONSTRAINT "fact_corrections_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_corrections" ADD CONSTRAINT "fact_corrections_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fact_corrections_ticket" ON "fact_corrections" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "fact_corrections_at" ON "fact_corrections" USING btree ("at");--> statement-breakpoint
CREATE INDEX "llm_calls_at" ON "llm_calls" USING btree ("at");--> statement-breakpoint
CREATE INDEX "llm_calls_conversation" ON "llm_calls" USING btree ("conversation_id","at");