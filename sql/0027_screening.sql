-- Automatic screening (src/moderation/screening): what moderation did to an image, the
-- recipients' opt-in to screened direct messages, and the policy option for new accounts' media.

-- As for posts: null (nothing), sensitive, age_restricted, held (its owner and moderators only),
-- removed. The image's files are refused to others while it is held or removed.
alter table media add column moderation text
  check (moderation in ('sensitive', 'age_restricted', 'held', 'removed'));
alter table media add column moderation_warning text;

-- Videos likewise: held and removed videos are visible to their owner only (moderators review them
-- through the labels and the frames the screening looked at).
alter table videos add column moderation text
  check (moderation in ('sensitive', 'age_restricted', 'held', 'removed'));
alter table videos add column moderation_warning text;

-- Direct messages to this account are screened (and taken down when a policy says so).
alter table users add column screen_messages boolean not null default false;

-- Policy options beside the per-label rules (one row): images uploaded by accounts younger than
-- this many days are held for review (0: never).
create table moderation_options (
  id boolean primary key default true check (id),
  hold_new_account_media_days integer not null default 0
    check (hold_new_account_media_days between 0 and 365)
);
insert into moderation_options (id) values (true);
