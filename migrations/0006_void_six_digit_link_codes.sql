-- Hand-written (not generated): link codes are 8 digits from this version on, and a contact holds at
-- most one unused code (the unique index of the next migration). Unused 6-digit codes could no
-- longer be entered anyway; removing them lets that index be built on a database that has several.
DELETE FROM "link_codes" WHERE "used_at" IS NULL;
