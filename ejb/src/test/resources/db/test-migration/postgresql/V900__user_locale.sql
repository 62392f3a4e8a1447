-- A later migration as a developer would add one (README, "Schema migrations"): a new nullable column.
ALTER TABLE wharf_user ADD COLUMN locale VARCHAR(16);
