-- A draft has no end date until one is set (Inspection.end_date is optional while a draft): its summary's
-- «finished» is NULL. Signed inspections always have one; the model refuses a signed one without it.

ALTER TABLE summaries ALTER COLUMN finished DROP NOT NULL;
