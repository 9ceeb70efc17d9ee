-- The distinct finding types of each guard call (comma-separated), for the console's top finding
-- types. Written by the operations recorder when it flushes a batch; older rows have none.
ALTER TABLE guard_operations ADD COLUMN IF NOT EXISTS finding_types TEXT;
