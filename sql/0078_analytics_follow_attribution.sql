-- Follows waiting for the video they are owed to (src/analytics/rollup.ts): a follow counts for the
-- followed creator's video its follower watched last within the day before. The follower's
-- heartbeats may reach the writer after the follow (a player sends them every few seconds; the
-- follow's event comes through the outbox at once): a follow that found no such session waits
-- here, and the view session that arrives later gives it its video. Kept for the late window.
create table analytics_follow_attribution (
  follower_id uuid not null,
  followee_id uuid not null,
  followed_at timestamptz not null,
  video_id uuid,
  primary key (follower_id, followee_id, followed_at)
);
create index analytics_follow_attribution_waiting on analytics_follow_attribution (follower_id, followee_id)
  where video_id is null;
