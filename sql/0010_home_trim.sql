-- Home timelines keep the newest HOME_TIMELINE_MAX rows per reader; older pages are read from
-- the followed accounts' posts, below the floor recorded here (the oldest row kept).
create table home_floors (
  user_id uuid primary key references users (id) on delete cascade,
  floor_at timestamptz not null,
  floor_id uuid not null
);
