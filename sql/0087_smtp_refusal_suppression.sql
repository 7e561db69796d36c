-- An SMTP server's final refusal of a recipient's address (a 5yz reply to RCPT TO, or at DATA,
-- with an RFC 3463 5.1.x "bad address" status) is a hard bounce given at once: the address is
-- suppressed like one. Set by the mail queue with failed_at.
alter table mail_queue add column refused_recipient boolean not null default false;

alter table email_suppressions drop constraint email_suppressions_reason_check;
alter table email_suppressions add constraint email_suppressions_reason_check
  check (reason in ('bounce', 'complaint', 'manual', 'refused'));

-- A refused address is suppressed, and the notification mail still waiting for it fails now
-- (its deliveries say why) rather than being refused once more each.
create function mail_queue_refused_recipient() returns trigger language plpgsql as $$
begin
  insert into email_suppressions (address, reason, detail)
    values (lower(new.to_address), 'refused', left(new.last_error, 500))
    on conflict (address) do nothing;
  update mail_queue set failed_at = now(), last_error = 'suppressed: the server refused this address'
    where sent_at is null and failed_at is null and kind = 'notification'
      and lower(to_address) = lower(new.to_address) and id <> new.id;
  return new;
end $$;
create trigger mail_queue_refused_recipient after update of failed_at on mail_queue
  for each row when (new.refused_recipient and old.failed_at is null and new.failed_at is not null)
  execute function mail_queue_refused_recipient();

-- An address known not to take mail (a hard bounce, a refusal) is no longer a verified one: the
-- account sees it, and verifying it again (or another address) clears the suppression. A
-- complaint says the mail arrived: the address stays verified, and suppressed.
create function email_suppression_unverifies() returns trigger language plpgsql as $$
begin
  update users set email_verified_at = null, updated_at = now()
    where lower(email) = new.address and email_verified_at is not null;
  return new;
end $$;
create trigger email_suppression_unverifies after insert on email_suppressions
  for each row when (new.reason in ('bounce', 'refused')) execute function email_suppression_unverifies();

create function email_verified_clears_suppression() returns trigger language plpgsql as $$
begin
  delete from email_suppressions where address = lower(new.email) and reason in ('bounce', 'refused');
  return new;
end $$;
create trigger email_verified_clears_suppression after update of email, email_verified_at on users
  for each row when (new.email_verified_at is not null
    and (old.email_verified_at is null or lower(old.email) is distinct from lower(new.email)))
  execute function email_verified_clears_suppression();
