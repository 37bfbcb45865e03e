-- Queries of the shop, to be written.
-- (none yet)

