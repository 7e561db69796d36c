-- Copyright on live streams (src/copyright/live.ts): a stream's rolling windows are matched while
-- it is live; a claim is on a video or on a stream, one per (stream, reference), and records when
-- the streamer was warned and when the stream was cut.
alter table copyright_claims alter column video_id drop not null;
alter table copyright_claims add column stream_id uuid references live_streams (id) on delete cascade;
alter table copyright_claims add constraint copyright_claims_subject
  check (num_nonnulls(video_id, stream_id) = 1);
alter table copyright_claims add constraint copyright_claims_stream_reference unique (stream_id, reference_id);
-- When the streamer was warned, at which second of the stream (media after it that still matches
-- gets the stream cut), and when it was cut.
alter table copyright_claims add column warned_at timestamptz;
alter table copyright_claims add column warned_second real;
alter table copyright_claims add column cut_at timestamptz;

-- Where each live stream's scan is: its session, the segments of the rolling window (name, start
-- second in the stream, seconds), and a lease so one worker at a time scans it.
create table copyright_live_scans (
  stream_id uuid primary key references live_streams (id) on delete cascade,
  session_id text not null,
  segments jsonb not null default '[]',
  windows int not null default 0,
  leased_until timestamptz,
  scanned_at timestamptz
);

-- A live claim's history also has the warning and the cut.
alter table copyright_claim_history drop constraint copyright_claim_history_action_check;
alter table copyright_claim_history add constraint copyright_claim_history_action_check
  check (action in ('claimed', 'disputed', 'released', 'upheld', 'auto_released', 'warned', 'cut', 'trimmed'));
