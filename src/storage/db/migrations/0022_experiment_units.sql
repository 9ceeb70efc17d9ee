-- A/B tests may assign by API key (issue 14): the one unit a caller cannot choose in the body.
ALTER TABLE experiments DROP CONSTRAINT IF EXISTS experiments_unit_check;
ALTER TABLE experiments ADD CONSTRAINT experiments_unit_check CHECK (unit IN ('user', 'session', 'api_key'));
