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

-- Trending posts (src/feed/trending.ts) by when people interacted with them: each post's
-- interactions summed per hour (likes + 2 reposts + replies + quotes, what is taken back taken
-- off the hour it was added to), written with the counts (src/posts/activity.ts). Buckets older
-- than the trending window are pruned by the worker.
create table post_activity (
  post_id uuid not null references posts (id) on delete cascade,
  hour timestamptz not null,
  weight integer not null check (weight >= 0),
  primary key (post_id, hour)
);
create index post_activity_hour on post_activity (hour);
insert into post_activity (post_id, hour, weight)
select post_id, hour, sum(weight) from (
  select post_id, date_trunc('hour', created_at) as hour, 1 as weight from likes
  union all select post_id, date_trunc('hour', created_at), 2 from reposts
  union all select reply_to_id, date_trunc('hour', published_at), 1 from posts where reply_to_id is not null and published_at is not null
  union all select quote_of_id, date_trunc('hour', published_at), 1 from posts where quote_of_id is not null and published_at is not null
) i where hour > now() - interval '48 hours'
group by post_id, hour;
