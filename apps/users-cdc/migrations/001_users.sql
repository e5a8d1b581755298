-- The users table users-cdc publishes on users.v1. Only the columns below the comment line are
-- personalization attributes; email is account data and never leaves Postgres.
CREATE TABLE users (
  user_id     text PRIMARY KEY,
  email       text UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- attributes published as UserProfile fields (snake_case here, camelCase on the topic)
  age_band    text,
  country     text,
  region      text,
  languages   text[] NOT NULL DEFAULT '{}',
  interests   text[] NOT NULL DEFAULT '{}',
  time_zone   text
);

-- Updates and deletes carry the whole old row in the WAL. Without it, an update that leaves a
-- TOASTed column (a long interests array) unchanged would arrive without that column's value.
ALTER TABLE users REPLICA IDENTITY FULL;
