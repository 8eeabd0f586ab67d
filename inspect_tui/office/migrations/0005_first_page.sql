-- The home's first page: the newest rows in the list's whole order (the id breaks ties), so
-- «ORDER BY … LIMIT n» walks this index and stops after n rows instead of sorting every summary.
CREATE INDEX summaries_newest ON summaries (started DESC, number COLLATE "C" DESC, revision DESC, id DESC);
DROP INDEX summaries_order;
