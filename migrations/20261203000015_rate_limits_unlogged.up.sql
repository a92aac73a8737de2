-- Rate-limit windows are counters of the last minutes, not records: they need no write-ahead log.
-- Logged, each hit waited for a disk flush while holding its row, and a provider's API check
-- (two hits: per account, per address) waited for three flushes instead of one (its own record in
-- `verifications`). Unlogged, a crash of the database empties the table (every window starts
-- afresh) and a standby does not carry it (after a failover, the same); both are named in
-- docs/SECURITY.md. Measured by `cargo bench -p server --bench load`.
ALTER TABLE rate_limits SET UNLOGGED;
