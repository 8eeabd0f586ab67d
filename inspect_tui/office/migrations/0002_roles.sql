-- Who may do what: officers read and write the register; the council's management reads it (reports only).
-- Group roles (NOLOGIN): an office grants them to its people's login roles. Roles belong to the whole
-- cluster, so another database (or a migration running at the same moment) may have created them already.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'inspect_officer') THEN
        CREATE ROLE inspect_officer NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'inspect_reader') THEN
        CREATE ROLE inspect_reader NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO inspect_officer, inspect_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO inspect_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO inspect_officer;
-- the schema's history is the program's, changed only by its owner's migrations
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM inspect_officer;
