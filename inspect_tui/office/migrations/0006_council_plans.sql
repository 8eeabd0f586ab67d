-- Plans keyed by council and year: a region's database holds each of its councils' plans for a year (a council's
-- annual report reads its own). A plan saved before this belongs to the council the database's settings name:
-- the program only ever edited the settings' council's plan (plan import, the plan screen, a bundle's merge),
-- so that is whose plan it is; "" when no settings were saved (as a laptop's plan before its council is named).

ALTER TABLE plans ADD COLUMN council text;
UPDATE plans SET council = COALESCE((SELECT document->>'council_name' FROM settings), '');
ALTER TABLE plans ALTER COLUMN council SET NOT NULL;
ALTER TABLE plans DROP CONSTRAINT plans_pkey;
ALTER TABLE plans ADD PRIMARY KEY (council, year);
