-- Home timelines (src/feed/home.ts): pushed rows for ordinary authors, pulled posts for the rest.

-- Set once a post's rows are in its readers' home timelines; until then (and for authors with
-- more followers than FANOUT_MAX_FOLLOWERS, always) home timelines read the post directly.
alter table posts add column fanned_out boolean not null default false;
create index posts_pulled on posts (author_id, published_at desc, id desc) where not fanned_out and published_at is not null;

create table home_timeline (
  user_id uuid not null references users (id) on delete cascade,
  post_id uuid not null references posts (id) on delete cascade,
  author_id uuid not null references users (id) on delete cascade,
  published_at timestamptz not null,
  primary key (user_id, post_id)
);
create index home_timeline_read on home_timeline (user_id, published_at desc, post_id desc);
create index home_timeline_author on home_timeline (user_id, author_id);
