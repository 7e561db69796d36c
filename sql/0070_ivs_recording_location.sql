-- Where IVS is recording a live stream now (src/live/ivs): the bucket and key prefix its "Recording
-- Start" event names. The recording configuration's thumbnails are written under that prefix
-- while the stream is live, and moderation screens the newest of them every
-- MODERATION_LIVE_FRAME_SECONDS (src/live/ivs/thumbnails.ts). A new recording (a push after the
-- reconnect window) replaces it.
alter table live_streams add column ivs_recording_bucket text;
alter table live_streams add column ivs_recording_prefix text;
