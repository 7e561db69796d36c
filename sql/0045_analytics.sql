-- Analytics (src/analytics): raw events partitioned by day, rollups kept for good.

-- Every event, client (view.heartbeat, impression...) or server (user.followed, post.created...),
-- as the worker wrote it. Partitioned by the UTC day of occurred_at; the worker makes the
-- partitions ahead of time (analytics_events_YYYYMMDD) and drops those past ANALYTICS_RAW_DAYS.
-- The key holds the partition column (PostgreSQL asks it): a resent event lands on the same day
-- (its time as the client sent it, or the time kept in analytics_clamped_ids), so it conflicts.
create table analytics_events (
  id uuid not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null,
  type text not null,
  -- The signed-in user (or the server event's actor); null for anonymous viewers.
  user_id uuid,
  -- 64 bits of a hash that stands for the viewer: of the user id, or for anonymous viewers of
  -- their address and browser with that day's salt (analytics_salts), so never the raw values.
  visitor bigint not null,
  session_id text,
  subject_kind text,
  subject_id uuid,
  source text,
  country text,
  device text,
  position_seconds real,
  interval_seconds real,
  quality text,
  buffering boolean,
  data jsonb,
  primary key (id, occurred_at)
) partition by range (occurred_at);

-- Events whose client clock ran ahead: their time was clamped to the server's, so a resend would
-- be clamped to another instant; the first one is kept here (pruned with the raw events).
create table analytics_clamped_ids (
  id uuid primary key,
  occurred_at timestamptz not null
);

-- The salt of each day's anonymous visitor hashes; a day's salt is deleted after the day, after
-- which nobody (the operators neither) can tell whose address a hash stood for.
create table analytics_salts (
  day date primary key,
  salt bytea not null
);

-- Counters per entity (video, post, creator, stream, platform) per hour ('h') and day ('d'),
-- incremented by the worker as events arrive; `dim` splits a metric ('source=home', 'country=DE').
create table analytics_counters (
  entity_kind text not null,
  entity_id uuid not null,
  grain "char" not null check (grain in ('h', 'd')),
  bucket timestamptz not null,
  metric text not null,
  dim text not null default '',
  value bigint not null,
  primary key (entity_kind, entity_id, grain, bucket, metric, dim)
);

-- HyperLogLog sketches (src/analytics/hll.ts) of unique viewers, per entity, hour and day: the
-- sketches of hours or days merge into the unique count of any range.
create table analytics_sketches (
  entity_kind text not null,
  entity_id uuid not null,
  grain "char" not null check (grain in ('h', 'd')),
  bucket timestamptz not null,
  metric text not null,
  sketch bytea not null,
  primary key (entity_kind, entity_id, grain, bucket, metric)
);

-- One viewing session of a video: the seconds it has seen (a bitmap), so a view counts once and
-- each second of the retention curve counts a session once.
create table analytics_view_sessions (
  video_id uuid not null,
  visitor bigint not null,
  session_id text not null,
  user_id uuid,
  seen bytea not null,
  first_at timestamptz not null,
  last_at timestamptz not null,
  primary key (video_id, visitor, session_id)
);
create index analytics_view_sessions_user on analytics_view_sessions (user_id, last_at) where user_id is not null;
create index analytics_view_sessions_last on analytics_view_sessions (last_at);

-- Sessions that watched each second of a video, per day its session began.
create table analytics_retention (
  video_id uuid not null,
  day date not null,
  second integer not null,
  sessions bigint not null,
  primary key (video_id, day, second)
);

-- Live viewers: which sessions were watching in each minute (pruned after the late window), and
-- how many (kept for good: peak and average viewers).
create table analytics_live_minutes (
  stream_id uuid not null,
  minute timestamptz not null,
  visitor bigint not null,
  session_id text not null,
  primary key (stream_id, minute, visitor, session_id)
);
create table analytics_live_concurrency (
  stream_id uuid not null,
  minute timestamptz not null,
  viewers integer not null,
  primary key (stream_id, minute)
);

-- The weeks (Monday, UTC) in which each signed-in user did something: retention cohorts.
create table analytics_user_weeks (
  user_id uuid not null,
  week date not null,
  primary key (user_id, week)
);
create index analytics_user_weeks_week on analytics_user_weeks (week);
