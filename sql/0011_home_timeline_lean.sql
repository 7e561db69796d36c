-- Home timelines at scale (measured by bench/timeline): every pushed post writes a row per follower,
-- so each row carries one index, not three, and deleting a post does not scan them all.
--  * The reading order (user, published_at, post) is the primary key; a post is pushed with the
--    time it was published, which never changes, so a repeated push still finds its row.
--  * An unfollow removes an author's rows by scanning the reader's own rows (at most
--    HOME_TIMELINE_MAX of them), so the (user, author) index goes.
--  * No foreign keys to posts and authors: reads join posts, so a deleted post's rows are never
--    shown; the worker removes them on post.deleted and the trim drops any left over.
alter table home_timeline drop constraint home_timeline_pkey;
alter table home_timeline add primary key (user_id, published_at, post_id);
drop index home_timeline_read;
drop index home_timeline_author;
alter table home_timeline
  drop constraint home_timeline_post_id_fkey,
  drop constraint home_timeline_author_id_fkey;
