ALTER TABLE "rooms" ADD COLUMN "aliases" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "aliases" jsonb DEFAULT '[]'::jsonb NOT NULL;