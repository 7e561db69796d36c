-- The retention curve as changes (src/analytics/view-sessions.ts): a session that newly watched
-- seconds [a, b) adds +1 at a and -1 at b, so one stretch of viewing is two rows, not one per
-- second; the sessions that watched second s are the sum of the changes up to s. (One row per
-- second watched made the writer's rollups of heartbeats cost more than all the rest.)
create table analytics_retention_changes (
  video_id uuid not null,
  day date not null,
  second integer not null,
  change bigint not null,
  primary key (video_id, day, second)
);

-- The curve so far, as its changes: +n at each second, -n at the next.
insert into analytics_retention_changes (video_id, day, second, change)
select video_id, day, second, sum(change) from (
  select video_id, day, second, sessions as change from analytics_retention
  union all
  select video_id, day, second + 1, -sessions from analytics_retention
) x
group by 1, 2, 3
having sum(change) <> 0;

drop table analytics_retention;
