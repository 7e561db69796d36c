-- Frame hashes of the picture's centre beside the whole frame's (src/copyright/fingerprint.ts):
-- `video_fp_zoom` of the central 90% (what a copy cropped by 10% shows whole) and
-- `video_fp_centre` of the central 60% (clear of logos and captions in the corners and edges).
-- Indexed in copyright_video_index as bands 4-7 (zoom) and 8-11 (centre) beside 0-3 (whole).
-- References fingerprinted before have neither and are matched by the whole frame, as before.
alter table copyright_references add column video_fp_zoom int8[], add column video_fp_centre int8[];
-- A checked video keeps its centre hashes too (the query side of the centre match).
alter table copyright_scans add column video_fp_centre int8[];
