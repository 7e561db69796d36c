-- Encoding work charged to users (src/videos/encode-budget.ts), in seconds of 1080p30 (length x
-- pixels x frame rate, src/videos/encode-work.ts): one row per job, written once its source has
-- been probed and before it is encoded. A retry of the job finds its row and is not charged
-- again. The daily budget (VIDEO_DAILY_WORK) is the sum over the last 24 hours; a deleted video
-- keeps its charge (the work was done).
create table encode_charges (
  job_id uuid primary key references jobs (id) on delete cascade,
  owner_id uuid not null references users (id) on delete cascade,
  video_id uuid references videos (id) on delete set null,
  work double precision not null check (work >= 0),
  charged_at timestamptz not null default now()
);
create index encode_charges_recent on encode_charges (owner_id, charged_at);
