-- Record linkage's date-of-birth blocking key becomes the date with each end of the folded name
-- (core/src/linkage/blocking.ts): `dob:1990-01-01` -> `dob:1990-01-01:nguyen` and
-- `dob:1990-01-01:hung`. Stored keys of existing people are rewritten the same way from their
-- folded name (persons.name_key, first and last token); a person without a name keeps the bare date.
INSERT INTO "person_blocking_keys" ("key", "person_id")
SELECT DISTINCT k."key" || ':' || e."token", k."person_id"
FROM "person_blocking_keys" k
JOIN "persons" p ON p."id" = k."person_id"
CROSS JOIN LATERAL (SELECT regexp_split_to_array(btrim(p."name_key"), '\s+') AS "tokens") t
CROSS JOIN LATERAL unnest(ARRAY[t."tokens"[1], t."tokens"[array_length(t."tokens", 1)]]) AS e("token")
WHERE k."key" ~ '^dob:[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND btrim(p."name_key") <> ''
ON CONFLICT DO NOTHING;
--> statement-breakpoint
DELETE FROM "person_blocking_keys" k
USING "persons" p
WHERE p."id" = k."person_id" AND k."key" ~ '^dob:[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND btrim(p."name_key") <> '';
