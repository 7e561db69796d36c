-- Videos (src/videos): resumable uploads (tus), the videos made from them, their views.

-- For age-restricted videos: a viewer's age is known only from the birth date they gave.
alter table users add column birth_date date;

-- One tus upload. The bytes are in UPLOADS_DIR until the video made from it is processed.
create table uploads (
  id text primary key,
  owner_id uuid not null references users (id) on delete cascade,
  -- Declared (Upload-Length); counted against the quotas from creation on.
  size_bytes bigint not null check (size_bytes >= 0),
  filename text,
  -- Read from the bytes (never the client's word) once enough have arrived.
  detected_type text,
  state text not null default 'receiving' check (state in ('receiving', 'complete', 'refused', 'deleted')),
  refusal text,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index uploads_owner_recent on uploads (owner_id, created_at);

create table videos (
  id uuid primary key,
  owner_id uuid not null references users (id) on delete cascade,
  upload_id text not null unique references uploads (id),
  title text not null,
  description text not null default '',
  tags text[] not null default '{}',
  visibility text not null check (visibility in ('public', 'unlisted', 'followers', 'private')),
  publish_at timestamptz,
  -- Minimum age of viewers (13, 16, 18), null when none.
  min_age smallint check (min_age in (13, 16, 18)),
  -- ISO 3166-1 alpha-2 codes; a non-empty allow list admits only those countries.
  allowed_countries text[] not null default '{}',
  blocked_countries text[] not null default '{}',
  comments_enabled boolean not null default true,
  status text not null default 'uploading' check (status in ('uploading', 'processing', 'ready', 'failed')),
  failure_reason text,
  job_id uuid references jobs (id) on delete set null,
  duration_ms int,
  width int,
  height int,
  -- Where the outputs are in storage (`videos/<id>/<job>/`), and what they are:
  -- { renditions, hlsMaster, dashManifest, thumbnails, storyboard, encoder, bytes }.
  output_prefix text,
  outputs jsonb,
  view_count bigint not null default 0,
  watch_ms bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index videos_owner on videos (owner_id, created_at desc, id) where deleted_at is null;

-- One row per viewer, video and window: a view counts once per window, watch time always adds up.
create table video_views (
  video_id uuid not null references videos (id) on delete cascade,
  -- The user id, or a hash of the anonymous viewer's address and agent.
  viewer text not null,
  window_start timestamptz not null,
  watch_ms bigint not null default 0,
  counted boolean not null default false,
  primary key (video_id, viewer, window_start)
);

-- Posts may carry a video.
alter table posts add column video_id uuid references videos (id) on delete set null;

-- The HMAC key of playback URLs when PLAYBACK_SIGNING_KEY is not set: made once, shared by nodes.
create table playback_keys (
  id smallint primary key check (id = 1),
  secret bytea not null
);
insert into playback_keys (id, secret)
  values (1, sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));
