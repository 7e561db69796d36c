-- Search (src/search/search.ts) without full scans, and with stemming.

-- Posts are indexed with the text-search configuration of their language (english, french...:
-- stemming and stop words), `simple` when it is unknown. The language is the client's (ISO 639-1)
-- or detected from the text (src/posts/language.ts); the configuration is kept beside it so that
-- the generated column stays a function of the row.
alter table posts add column language text;
alter table posts add column search_config regconfig not null default 'simple';
alter table posts drop column search;
alter table posts add column search tsvector generated always as
  (to_tsvector(search_config, coalesce(content_warning, '') || ' ' || text)) stored;
create index posts_search on posts using gin (search);

-- Prefix search of accounts: LIKE 'abc%' can use a btree only with pattern operators (the
-- database's collation is not C), so these serve username and display-name prefixes.
create index users_username_prefix on users (lower(username) text_pattern_ops);
create index users_display_name_prefix on users (lower(display_name) text_pattern_ops);

-- How many published public posts use each hashtag, kept by the writes that publish, edit and
-- delete posts (src/posts/tags.ts), so tag search reads one row per tag instead of counting.
create table tag_counts (
  tag text primary key,
  posts bigint not null default 0 check (posts >= 0)
);
create index tag_counts_prefix on tag_counts (tag text_pattern_ops);
insert into tag_counts (tag, posts)
select t.tag, count(*) from post_tags t join posts p on p.id = t.post_id
where p.published_at is not null and p.visibility = 'public'
group by t.tag;
