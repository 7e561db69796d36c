-- What moderation did to the images and the video a post carries (src/moderation/post-media.ts),
-- kept on the post: the strongest state among them and the label that caused it. A post's reads
-- (posts/visibility.ts, posts/reads.ts) take the stronger of this and the post's own `moderation`,
-- so a post whose image is labelled nudity is shown sensitive, and one whose image is held is held.
-- Written in the transaction that changes an image's or a video's state, or attaches them.
alter table posts add column media_moderation text
  check (media_moderation in ('sensitive', 'age_restricted', 'held', 'removed'));
alter table posts add column media_moderation_warning text;

-- The posts carrying a video, found when the video's moderation state changes.
create index posts_video on posts (video_id) where video_id is not null;
