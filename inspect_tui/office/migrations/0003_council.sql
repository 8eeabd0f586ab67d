-- One council's register in a region's database: the council each signed inspection's sign-off names as its
-- issuer, as a column of the summaries (InspectionSummary.council) so that a council's report is a WHERE.
-- Unsigned inspections, and ones signed before the issuer was kept, have "" (they belong to no council's report).
-- The actions' supersedes gets an index: the register follows revision chains both ways.

ALTER TABLE summaries ADD COLUMN council text;
UPDATE summaries s SET council = COALESCE(i.document #>> '{signoff,issuer,council_name}', '')
FROM inspections i WHERE i.id = s.id;
ALTER TABLE summaries ALTER COLUMN council SET NOT NULL;
CREATE INDEX summaries_council ON summaries (council, started);
CREATE INDEX summaries_started ON summaries (started);
CREATE INDEX actions_supersedes ON actions (supersedes) WHERE supersedes IS NOT NULL;
