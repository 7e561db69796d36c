-- Profile images (src/users): an avatar and a banner, each an image uploaded through /v1/media by
-- the account itself. An image a profile uses is not "unattached": the media expiry keeps it
-- (src/media/unattached.ts); deleting the image clears the profile's reference.
alter table users
  add column avatar_media_id uuid references media (id) on delete set null,
  add column banner_media_id uuid references media (id) on delete set null;
create index users_avatar_media on users (avatar_media_id) where avatar_media_id is not null;
create index users_banner_media on users (banner_media_id) where banner_media_id is not null;
