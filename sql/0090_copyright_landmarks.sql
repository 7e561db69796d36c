-- Spectral-peak landmarks of references' audio (src/copyright/landmarks.ts), beside Chromaprint:
-- pairs of spectrogram peaks hashed as (f1, f2 - f1, t2 - t1), 22 bits, each with its anchor's
-- frame (32 ms). They survive speech over the music, which Chromaprint's sub-fingerprints do not.
-- The index is the stored fingerprint: matching votes per (reference, t_ref - t_query) from it.
-- References fingerprinted before have none and are matched by Chromaprint alone.
create table copyright_landmark_index (
  hash int4 not null,
  reference_id uuid not null references copyright_references (id) on delete cascade,
  t int4 not null
);
create index copyright_landmark_index_hash on copyright_landmark_index (hash) include (reference_id, t);
-- Deleting a reference's entries, and counting its landmarks over a matched span (confidence).
create index copyright_landmark_index_reference on copyright_landmark_index (reference_id, t);
