-- Each account's language for what is sent to it (notification e-mail, pushes, SMS, digests): a
-- BCP 47 tag (en, fr, pt-BR). Templates fall back to the language without its region, then English.
alter table users add column locale text not null default 'en'
  check (locale ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$');
