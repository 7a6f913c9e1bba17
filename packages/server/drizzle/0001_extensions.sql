-- Contrib extensions used by both databases (PGlite loads them via its `extensions` option).
-- unaccent: SQL-side tone folding, kept identical to core's foldText (tested on both databases).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
