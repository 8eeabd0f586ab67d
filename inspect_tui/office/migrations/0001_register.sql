-- The office register: inspections and what the register derives from them, the registry, the plans,
-- remedies, settings, the trash of deleted drafts, small files and attachments.
--
-- A document is kept twice: ``body`` is its JSON text exactly as the program wrote it, and is what is read
-- back (a signed inspection's sha256 stays byte-exact); ``document`` is the same as jsonb, for queries
-- (jsonb reorders keys and cannot hold U+0000, which a copy for queries shows as U+FFFD).

CREATE TABLE meta (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    installation_id uuid NOT NULL,
    installation_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE settings (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    body text NOT NULL,
    document jsonb NOT NULL
);

CREATE TABLE inspections (
    id uuid PRIMARY KEY,
    body text NOT NULL,
    document jsonb NOT NULL
);

-- one row per inspection: what lists, the plan and the annual report ask of it (InspectionSummary)
CREATE TABLE summaries (
    id uuid PRIMARY KEY REFERENCES inspections (id) ON DELETE CASCADE,
    number text NOT NULL,
    revision integer NOT NULL CHECK (revision >= 1),
    supersedes uuid,
    enterprise text NOT NULL,
    edrpou text NOT NULL,
    checklist text NOT NULL,
    status text NOT NULL,
    started date NOT NULL,
    finished date NOT NULL,
    signed_at date,
    progress integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
    items integer NOT NULL CHECK (items >= 0),
    open_violations integer NOT NULL CHECK (open_violations >= 0),
    signs integer NOT NULL CHECK (signs BETWEEN 0 AND open_violations),
    shortcomings integer NOT NULL CHECK (shortcomings >= 0),
    plan_entry uuid,
    updated_at timestamptz NOT NULL,
    sha256 text
);
-- every list shows the newest first: (started, number, revision) descending, numbers compared as code points
CREATE INDEX summaries_order ON summaries (started DESC, number COLLATE "C" DESC, revision DESC);
CREATE INDEX summaries_number ON summaries (number);
CREATE INDEX summaries_edrpou ON summaries (edrpou, started);
CREATE INDEX summaries_status ON summaries (status);
CREATE INDEX summaries_plan_entry ON summaries (plan_entry) WHERE plan_entry IS NOT NULL;

-- the register's actions: one row per signed inspection (SignedActions) and one per «Ні» (ActionRow)
CREATE TABLE action_texts (
    key text PRIMARY KEY,
    section text NOT NULL,
    question text NOT NULL
);

CREATE TABLE actions (
    id uuid PRIMARY KEY REFERENCES inspections (id) ON DELETE CASCADE,
    number text NOT NULL,
    supersedes uuid,
    follows_up uuid,
    edrpou text NOT NULL,
    enterprise text NOT NULL,
    started date NOT NULL,
    signed_on date NOT NULL,
    complied text[] NOT NULL
);
CREATE INDEX actions_edrpou ON actions (edrpou);
CREATE INDEX actions_started ON actions (started);
CREATE INDEX actions_follows_up ON actions (follows_up) WHERE follows_up IS NOT NULL;

CREATE TABLE action_rows (
    inspection_id uuid NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position integer NOT NULL,
    item_id text NOT NULL,
    item_number text NOT NULL,
    text text NOT NULL REFERENCES action_texts (key),
    kind text NOT NULL,
    deadline date,
    notice_sent_on date,
    PRIMARY KEY (inspection_id, position)
);
CREATE INDEX action_rows_deadline ON action_rows (deadline) WHERE deadline IS NOT NULL;

-- what the inspector recorded of each action: the truth, not derived (kept even if its inspection is not here)
CREATE TABLE remedies (
    inspection_id uuid NOT NULL,
    item_id text NOT NULL,
    body text NOT NULL,
    document jsonb NOT NULL,
    PRIMARY KEY (inspection_id, item_id)
);

CREATE TABLE enterprises (
    edrpou text PRIMARY KEY,
    body text NOT NULL,
    document jsonb NOT NULL
);

CREATE TABLE plans (
    year integer PRIMARY KEY,
    body text NOT NULL,
    entries jsonb NOT NULL
);

-- deleted drafts, until restored (a row whose inspection is back in the register is not listed)
CREATE TABLE trash (
    id uuid PRIMARY KEY,
    deleted_at timestamptz NOT NULL,
    body text NOT NULL
);

-- small files kept with the register (import conflict copies), by a relative POSIX path
CREATE TABLE files (
    path text PRIMARY KEY,
    data bytea NOT NULL
);

-- attachments, by the sha256 of their content
CREATE TABLE evidence (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data bytea NOT NULL
);
