-- Makes FerretDB 1.24's equality pushdown use an index on PostgreSQL (installed by postgres.ts into
-- every database FerretDB gets; idempotent).
--
-- Why: FerretDB keeps each collection in a table of one jsonb column (`_jsonb`) and turns every index
-- the application creates into a B-tree on `(_jsonb -> 'field')`. But it pushes an equality filter
-- down as `_jsonb -> $1 @> $2` (internal/backends/postgresql/query.go at v1.24.0), and a B-tree
-- cannot serve `@>`: every find, `_id` lookups included, scans its whole table. A GIN index
-- (jsonb_path_ops) on the same expression can, and PostgreSQL uses it because FerretDB's statements
-- get custom plans (the key arrives as a parameter; planned with its value, the expression matches
-- the index). Measured on 100,000 rows: `_id` lookup 24 ms → 0.04 ms, a browse bucket 0.06 ms.
--
-- How: after every CREATE INDEX, an event trigger gives each key of a FerretDB B-tree index a GIN
-- twin in the same transaction, so a collection is never without one; existing indexes are covered
-- once when this file runs. The application still only declares ordinary MongoDB indexes, which are
-- what MongoDB itself uses.
--
-- The twins are built with `fastupdate = off`. With GIN's default, new entries go to a pending list
-- that every search reads in full until a vacuum merges it into the tree; where autovacuum is off
-- (this machine's CI configuration) or behind, that list grows to `gin_pending_list_limit` (4 MB)
-- and each equality at 100,000 events cost ~3 ms more than at 1,000 (an empty bucket query 3.4 ms
-- instead of 0.05 ms in PostgreSQL). Without the list a write updates the tree itself: slower
-- inserts, searches that do not depend on when a vacuum last ran.

SET client_min_messages = warning;

-- Fields no declared index can hold that queries send as a second equality next to an indexed key
-- (`key AND companion`): the event listing's place prefixes (`placeWords`) next to a `browseKeys`
-- bucket (services/events/src/events/listing-page.ts). FerretDB indexes an array as one B-tree value
-- of at most 2,704 bytes, which a long list of prefixes exceeds, so the application cannot declare
-- them; and a GIN on the companion alone costs every query its whole posting list ("kneipe", in every
-- place name: 100,000 entries, 12-50 ms per query without statistics, which nothing gathers where
-- autovacuum is off). One GIN over both columns intersects the two inside one scan, skipping through
-- the longer posting list, so a bucket query costs what the bucket holds with that word: at 100,000
-- events a month bucket with "42" 130 -> 7 ms in PostgreSQL, an empty day 6.6 -> 0.2 ms, a day with
-- "kneipe" 2 ms.
CREATE OR REPLACE FUNCTION prost_ferretdb_gin_companions(field text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE field WHEN 'browseKeys' THEN ARRAY['placeWords'] ELSE ARRAY[]::text[] END
$$;

CREATE OR REPLACE FUNCTION prost_ferretdb_gin_twins(btree_index oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  target record;
  key_expression text;
  companion text;
BEGIN
  SELECT i.indnatts AS keys, n.nspname AS schema_name, t.relname AS table_name
    INTO target
    FROM pg_index i
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ix.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE i.indexrelid = btree_index AND am.amname = 'btree';
  IF NOT FOUND THEN
    RETURN; -- not a B-tree (e.g. a GIN twin this function made: the trigger sees those too)
  END IF;
  FOR k IN 1..target.keys LOOP
    key_expression := pg_get_indexdef(btree_index, k, true);
    -- Only FerretDB's key shapes: a top-level field (->) or a dotted path (#>).
    CONTINUE WHEN key_expression !~ '^\(_jsonb (->|#>) ''[^'']+''::text(\[\])?\)$';
    -- One twin per table and key, however many B-trees share the key (named by both, ≤ 63 bytes).
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s jsonb_path_ops) WITH (fastupdate = off)',
      'prost_gin_' || left(md5(target.table_name || ' ' || key_expression), 24),
      target.schema_name,
      target.table_name,
      key_expression
    );
    -- A top-level key's companions (prost_ferretdb_gin_companions), each with the key in one GIN.
    FOREACH companion IN ARRAY prost_ferretdb_gin_companions(substring(key_expression FROM '^\(_jsonb -> ''([^'']+)''::text\)$'))
    LOOP
      EXECUTE format(
        'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s jsonb_path_ops, (_jsonb -> %L) jsonb_path_ops) WITH (fastupdate = off)',
        'prost_gin_' || left(md5(target.table_name || ' ' || key_expression || ' ' || companion), 24),
        target.schema_name,
        target.table_name,
        key_expression,
        companion
      );
    END LOOP;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION prost_ferretdb_gin_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  command record;
BEGIN
  FOR command IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    PERFORM prost_ferretdb_gin_twins(command.objid);
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS prost_ferretdb_gin;
CREATE EVENT TRIGGER prost_ferretdb_gin ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION prost_ferretdb_gin_on_create_index();

-- Indexes made before this file ran (a database kept between `npm start` runs).
SELECT count(*) AS btree_indexes_seen FROM (
  SELECT prost_ferretdb_gin_twins(i.indexrelid)
    FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = '_jsonb' AND NOT a.attisdropped
) covered;

-- Twins made by an earlier version of this file (with a pending list): no new entries go to the
-- list from now on, and what it holds is merged into the tree now.
DO $$
DECLARE
  twin regclass;
BEGIN
  FOR twin IN
    SELECT ix.oid::regclass
      FROM pg_class ix
      JOIN pg_am am ON am.oid = ix.relam AND am.amname = 'gin'
     WHERE ix.relname LIKE 'prost\_gin\_%'
       AND NOT 'fastupdate=off' = ANY (coalesce(ix.reloptions, '{}'))
  LOOP
    EXECUTE format('ALTER INDEX %s SET (fastupdate = off)', twin);
    PERFORM gin_clean_pending_list(twin);
  END LOOP;
END
$$;
