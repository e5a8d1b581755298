// Puts the demo users into the Postgres users table users-cdc reads, once: an existing row (a
// restart, or a user edited by hand) is left as it is. Runs after users-cdc started, because
// users-cdc's migrations create the table.
import pg from 'pg';
import type { DemoUser } from './demo-users.js';

export async function seedDemoUsers(databaseUrl: string, users: readonly DemoUser[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let inserted = 0;
    for (const user of users) {
      const result = await client.query(
        `INSERT INTO users (user_id, email, age_band, country, region, languages, interests, time_zone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id) DO NOTHING`,
        [user.userId, user.email, user.ageBand, user.country, user.region ?? null, user.languages, user.interests, user.timeZone],
      );
      inserted += result.rowCount ?? 0;
    }
    return inserted;
  } finally {
    await client.end();
  }
}
