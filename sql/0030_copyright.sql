-- Copyright detection (src/copyright): rightsholders' references with their fingerprints and an
-- inverted index over them, the fingerprints of checked videos, claims, disputes and their history.

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('user', 'creator', 'moderator', 'admin', 'rightsholder'));

-- 'checking': encoded, being matched against the references before it may be public;
-- 'blocked': a claim's policy keeps it from ever being public (the owner still sees it).
alter table videos drop constraint videos_status_check;
alter table videos add constraint videos_status_check
  check (status in ('uploading', 'processing', 'checking', 'ready', 'failed', 'blocked'));
-- Countries where claims block playback (ISO 3166-1 alpha-2), kept apart from the owner's own lists.
alter table videos add column copyright_blocked_countries text[] not null default '{}';

create table copyright_references (
  id uuid primary key,
  holder_id uuid not null references users (id) on delete cascade,
  title text not null,
  kind text not null check (kind in ('audio', 'video', 'both')),
  -- { "<ISO country or *>": "block" | "monetize" | "track" }
  policies jsonb not null,
  min_match_seconds real not null default 10 check (min_match_seconds > 0),
  source_upload_id text references uploads (id),
  source_video_id uuid references videos (id) on delete set null,
  status text not null default 'fingerprinting' check (status in ('fingerprinting', 'active', 'failed')),
  failure_reason text,
  job_id uuid references jobs (id) on delete set null,
  duration_ms int,
  -- Chromaprint sub-fingerprints (about 8.08 per second) and 64-bit frame pHashes (2 per second).
  audio_fp int4[],
  video_fp int8[],
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index copyright_references_holder on copyright_references (holder_id, created_at desc, id)
  where deleted_at is null;

-- The inverted index: each audio sub-fingerprint's top 20 bits → (reference, position).
create table copyright_audio_index (
  key int4 not null,
  reference_id uuid not null references copyright_references (id) on delete cascade,
  pos int4 not null
);
create index copyright_audio_index_key on copyright_audio_index (key) include (reference_id, pos);
create index copyright_audio_index_reference on copyright_audio_index (reference_id);

-- Multi-index hashing of frame hashes: each 64-bit hash split in 4 bands of 16 bits.
create table copyright_video_index (
  band smallint not null,
  key int4 not null,
  reference_id uuid not null references copyright_references (id) on delete cascade,
  pos int4 not null
);
create index copyright_video_index_key on copyright_video_index (band, key) include (reference_id, pos);
create index copyright_video_index_reference on copyright_video_index (reference_id);

-- A checked video's own fingerprints (kept for manual claims and re-checks; never derived twice).
create table copyright_scans (
  video_id uuid primary key references videos (id) on delete cascade,
  audio_fp int4[],
  video_fp int8[],
  matched_at timestamptz not null default now(),
  query_ms int not null default 0
);

create table copyright_claims (
  id uuid primary key,
  video_id uuid not null references videos (id) on delete cascade,
  reference_id uuid not null references copyright_references (id) on delete cascade,
  uploader_id uuid not null references users (id) on delete cascade,
  holder_id uuid not null references users (id) on delete cascade,
  origin text not null check (origin in ('match', 'manual')),
  -- [{ kind, videoStart, videoEnd, referenceStart, referenceEnd, confidence }] in seconds.
  segments jsonb not null,
  confidence real not null,
  -- What applies where no country rule does ('*'), and the countries where it is blocked.
  policy text not null check (policy in ('block', 'monetize', 'track')),
  policies jsonb not null,
  blocked_countries text[] not null default '{}',
  state text not null default 'active' check (state in ('active', 'disputed', 'released', 'upheld')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (video_id, reference_id)
);
create index copyright_claims_uploader on copyright_claims (uploader_id, created_at desc, id);
create index copyright_claims_holder on copyright_claims (holder_id, created_at desc, id);

create table copyright_disputes (
  claim_id uuid primary key references copyright_claims (id) on delete cascade,
  reason text not null,
  due_at timestamptz not null,
  decision text check (decision in ('released', 'upheld')),
  -- Null with a decision: released automatically when the holder did not answer in time.
  decided_by uuid references users (id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create index copyright_disputes_due on copyright_disputes (due_at) where decision is null;

create table copyright_claim_history (
  id uuid primary key,
  claim_id uuid not null references copyright_claims (id) on delete cascade,
  actor_id uuid references users (id) on delete set null,
  action text not null check (action in ('claimed', 'disputed', 'released', 'upheld', 'auto_released')),
  note text,
  at timestamptz not null default now()
);
create index copyright_claim_history_claim on copyright_claim_history (claim_id, at);

-- Claims tell the uploader and the holder.
alter table notifications drop constraint notifications_type_check;
alter table notifications add constraint notifications_type_check
  check (type in ('follow', 'follow_request', 'like', 'repost', 'reply', 'mention', 'quote', 'live_started', 'moderation', 'copyright'));
alter table notifications add column copyright_claim_id uuid;
