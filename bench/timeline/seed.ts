/**
 * The graph bench/timeline reads: USERS accounts and POSTS posts over 30 days, written straight
 * into the platform's tables with SQL (the API would take hours). Kept between runs in its own
 * database; seeded again when the parameters change or RESEED=1.
 *
 * - Ordinary accounts follow 50 to 500 others (skewed: low-numbered accounts are the popular ones).
 * - Accounts 1 and 2 are followed by USERS - 1,000 accounts, more than FANOUT_MAX_FOLLOWERS
 *   (10,000 by default): their posts (and those of any other account past it) are pulled into
 *   home timelines at read time.
 * - Account 3 (`fanout`) is followed by exactly 10,000 accounts: the fan-out measurement posts as it.
 * - Accounts 4 to 13 are followed by about 60% of accounts, and pushed like everyone else.
 * - 10% of posts are replies, 10% followers-only, 20% carry a hashtag; 500,000 likes.
 * - Home timelines hold what the push would have left: each reader's newest HOME_TIMELINE_MAX
 *   pushed posts of the last two days, with the floor the trim records.
 */
import type postgres from 'postgres'

export interface SeedParams {
  users: number
  posts: number
  homeMax: number
  fanoutMax: number
}

export const BENCH_PASSWORD = 'Bench-timeline-password-1'

export async function seeded(sql: postgres.Sql, params: SeedParams): Promise<boolean> {
  const [row] = await sql`select to_regclass('bench_seed') as t`
  if (!row?.t) return false
  // Compared as jsonb: it keeps its keys in its own order, not in the order they were written.
  const [seed] = await sql`select params = ${sql.json(params as never)}::jsonb as same from bench_seed`
  return seed?.same === true
}

export async function seed(sql: postgres.Sql, params: SeedParams, log: (s: string) => void) {
  const { users, posts, homeMax, fanoutMax } = params
  const hash = await Bun.password.hash(BENCH_PASSWORD, {
    algorithm: 'argon2id',
    memoryCost: 8192,
    timeCost: 1,
  })
  const step = async (name: string, query: string) => {
    const started = performance.now()
    await sql.unsafe(query)
    log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const replies = Math.floor(posts / 10)
  const topLevel = posts - replies
  await step(
    'clear',
    `drop table if exists bench_seed, bench_users, bench_posts;
     truncate users, posts, outbox cascade;
     -- Bulk load: foreign-key checks and triggers off for this session (the data is consistent by construction).
     set session_replication_role = replica;`,
  )
  await step(
    'accounts',
    `create table bench_users as select n, gen_random_uuid() as id from generate_series(1, ${users}) n;
     create unique index on bench_users (n);
     insert into users (id, username, email, password_hash, email_verified_at, display_name)
       select id, case n when 3 then 'fanout' else 'user' || n end, 'user' || n || '@bench.test', '${hash}', now(), 'User ' || n
       from bench_users;
     insert into user_counts (user_id) select id from bench_users;`,
  )
  await step(
    'follows',
    `with draws as materialized (
       select a.id, a.n, 14 + floor((${users} - 14) * power(random(), 2))::int as k
       from bench_users a cross join lateral generate_series(1, 50 + (a.n * 7919) % 451) d
       where a.n > 13
     )
     insert into follows (follower_id, followee_id, created_at)
       select d.id, b.id, now() - interval '60 days' from draws d join bench_users b on b.n = d.k
       where b.n <> d.n
       on conflict do nothing;
     insert into follows (follower_id, followee_id, created_at)
       select a.id, b.id, now() - interval '60 days' from bench_users a join bench_users b on b.n in (1, 2)
       where a.n between 14 and ${users - 1000 + 13}
       union all
       select a.id, b.id, now() - interval '60 days' from bench_users a join bench_users b on b.n = 3
       where a.n between 14 and 10013
       union all
       select a.id, b.id, now() - interval '60 days' from bench_users a join bench_users b on b.n between 4 and 13
       where a.n > 13 and (a.n * 31 + b.n * 17) % 10 < 6
       on conflict do nothing;`,
  )
  await step(
    'posts',
    `create table bench_posts as
       select n, gen_random_uuid() as id,
         case when n % 100 < 2 then 1 + n % 2 when n % 100 < 4 then 4 + n % 10
              else 14 + floor((${users} - 14) * random())::int end as author_n,
         now() - random() * interval '30 days' as at
       from generate_series(1, ${posts}) n;
     create unique index on bench_posts (n);
     insert into posts (id, author_id, text, visibility, reply_to_id, thread_id, published_at, created_at, fanned_out)
       select p.id, u.id,
         'Post ' || p.n || ' about ' || (array['cats', 'video', 'music', 'news', 'sport', 'travel', 'code'])[1 + p.n % 7]
           || ' and some more words to make it the length of a real post' || case when p.n % 5 = 0 then ' #tag' || (p.n % 50) else '' end,
         case when p.n % 10 = 3 then 'followers' else 'public' end,
         null, p.id, p.at, p.at, true
       from bench_posts p join bench_users u on u.n = p.author_n where p.n <= ${topLevel};
     insert into posts (id, author_id, text, visibility, reply_to_id, thread_id, published_at, created_at, fanned_out)
       select p.id, u.id, 'A reply ' || p.n, 'public', parent.id, parent.id, greatest(p.at, parent.at), greatest(p.at, parent.at), true
       from bench_posts p join bench_users u on u.n = p.author_n
       join bench_posts parent on parent.n = 1 + (p.n::bigint * 7919) % ${topLevel}
       where p.n > ${topLevel};
     insert into post_tags (post_id, tag) select id, 'tag' || (n % 50) from bench_posts where n <= ${topLevel} and n % 5 = 0;
     insert into post_counts (post_id, likes, reposts, replies) select id, n % 40, n % 7, 0 from bench_posts;
     insert into likes (user_id, post_id, created_at)
       select u.id, p.id, p.at from generate_series(1, 500000) i
       join bench_users u on u.n = 14 + (i::bigint * 7919) % (${users} - 14)
       join bench_posts p on p.n = 1 + (i::bigint * 104729) % ${posts}
       on conflict do nothing;`,
  )
  await step(
    'counts',
    `analyze;
     update user_counts c set followers = s.n from (select followee_id as id, count(*) as n from follows group by 1) s where c.user_id = s.id;
     update user_counts c set following = s.n from (select follower_id as id, count(*) as n from follows group by 1) s where c.user_id = s.id;
     update user_counts c set posts = s.n from (select author_id as id, count(*) as n from posts group by 1) s where c.user_id = s.id;
     update posts p set fanned_out = false from user_counts c
       where c.user_id = p.author_id and c.followers > ${fanoutMax};`,
  )
  await step(
    'home timelines',
    `insert into home_timeline (user_id, post_id, author_id, published_at)
       select reader, id, author_id, published_at from (
         select r.reader, p.id, p.author_id, p.published_at,
           row_number() over (partition by r.reader order by p.published_at desc, p.id desc) as rank
         from (select follower_id as reader, followee_id as author from follows
               union all select id, id from bench_users) r
         join posts p on p.author_id = r.author
         where p.fanned_out and p.reply_to_id is null and p.published_at > now() - interval '2 days'
       ) ranked where rank <= ${homeMax};
     insert into home_floors (user_id, floor_at, floor_id)
       select distinct on (user_id) user_id, published_at, post_id from home_timeline h
       where user_id in (select user_id from home_timeline group by user_id having count(*) >= ${homeMax})
       order by user_id, published_at, post_id;`,
  )
  await sql`set session_replication_role = origin`
  await step('analyze', 'vacuum analyze')
  await sql`create table bench_seed as select ${sql.json(params as never)}::jsonb as params`
}
