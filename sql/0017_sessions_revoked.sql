-- Nodes rebuild their revocation list from the sessions revoked lately (src/auth/revocations.ts):
-- at start, and every few seconds, so a revocation whose NATS write was lost still takes effect.
create index sessions_revoked_at on sessions (revoked_at) where revoked_at is not null;
