-- Moderation of live streams (src/moderation): as for posts, images and videos, what moderation
-- did to a stream: null (nothing), held (its owner only, until a moderator decides) or removed
-- (ended, and its owner only). Live's visibility rule reads it.
alter table live_streams add column moderation text
  check (moderation in ('sensitive', 'age_restricted', 'held', 'removed'));
alter table live_streams add column moderation_warning text;
