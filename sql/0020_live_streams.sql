-- Live streams (src/live): one row per stream a user set up. Its live state (state, session,
-- times, viewers, health) is written only by the stream's StreamActor (actors/stream.ts); the REST
-- service writes the settings and the key.
create table live_streams (
  id uuid primary key,
  owner_id uuid not null references users (id) on delete cascade,
  title text not null,
  description text not null default '',
  category text,
  visibility text not null check (visibility in ('public', 'followers', 'unlisted')),
  -- Whether the pushed stream is kept and made a video of the streamer when it ends.
  record boolean not null default true,
  latency_mode text not null default 'normal' check (latency_mode in ('normal', 'low')),
  -- Chat settings: seconds between two messages of a viewer (0: off), followed for at least this
  -- many minutes (null: anyone may chat), subscribers only, emotes only.
  chat_slow_seconds int not null default 0 check (chat_slow_seconds between 0 and 3600),
  chat_followers_only_minutes int check (chat_followers_only_minutes between 0 and 525600),
  chat_subscribers_only boolean not null default false,
  chat_emote_only boolean not null default false,
  state text not null default 'idle' check (state in ('idle', 'live', 'ended')),
  -- Who carries the stream: 'local' (our RTMP ingest) or 'ivs' (AWS IVS, backend_ref its channel ARN).
  backend text not null check (backend in ('local', 'ivs')),
  backend_ref text,
  -- The stream key is shown once: only its SHA-256 is kept, with the prefix the ingest finds it by.
  key_prefix text not null unique,
  key_hash bytea not null,
  -- The current (or last) live session: its files are under `live/<id>/<session_id>/`.
  session_id uuid,
  started_at timestamptz,
  ended_at timestamptz,
  viewers int not null default 0,
  peak_viewers int not null default 0,
  unique_viewers int not null default 0,
  -- Ingest health: bitrate, fps, keyframe interval, resolution (what the backend reports).
  health jsonb,
  -- The recording, once it is a video.
  video_id uuid references videos (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
-- GET /v1/live/streams?state=...: newest first per state; a user's streams.
create index live_streams_state on live_streams (state, created_at desc, id desc) where deleted_at is null;
create index live_streams_owner on live_streams (owner_id, created_at desc, id desc) where deleted_at is null;

-- Who watched a stream (the unique viewer count): a user id, or a hash of an anonymous viewer.
create table live_stream_viewers (
  stream_id uuid not null references live_streams (id) on delete cascade,
  viewer text not null,
  primary key (stream_id, viewer)
);

-- Followers hear that a stream started.
alter table notifications drop constraint notifications_type_check;
alter table notifications add constraint notifications_type_check
  check (type in ('follow', 'follow_request', 'like', 'repost', 'reply', 'mention', 'quote', 'live_started'));
alter table notifications add column stream_id uuid references live_streams (id) on delete cascade;
