-- Reposts in timelines (src/feed/home.ts, src/feed/timelines.ts). A repost is pushed like a post:
-- a row in each of the reposter's followers' home timelines, at the time of the repost, naming
-- the reposter (reposted_by; null for the post's own rows, which costs them nothing). Reposts of
-- accounts above FANOUT_MAX_FOLLOWERS, and those not pushed yet, are read at home-timeline time.
alter table home_timeline add column reposted_by uuid;
-- The repost rows of one post in one timeline: an undone repost's rows are found by key.
create index home_timeline_repost on home_timeline (user_id, post_id) where reposted_by is not null;

alter table reposts add column fanned_out boolean not null default false;
-- Reposts made before reposts reached timelines are taken as pushed: they show on profiles and,
-- below the trimmed window, in home timelines, but are not pulled into every home timeline.
update reposts set fanned_out = true;
-- An account's reposts, newest first: its profile, and home timelines below the trimmed window.
create index reposts_user_time on reposts (user_id, created_at desc, post_id desc);
-- Reposts not pushed (yet), as posts_pulled is for posts.
create index reposts_pulled on reposts (user_id, created_at desc, post_id desc) where not fanned_out;
