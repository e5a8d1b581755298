// Writes to the users table the way the account service would, one statement per transaction.
import type pg from 'pg';

export interface UserRow {
  user_id: string;
  email?: string | null;
  age_band?: string | null;
  country?: string | null;
  region?: string | null;
  languages?: string[];
  interests?: string[];
  time_zone?: string | null;
  updated_at?: Date;
}

export async function insertUser(sql: Pick<pg.ClientBase, 'query'>, row: UserRow): Promise<void> {
  await sql.query(
    `INSERT INTO users (user_id, email, age_band, country, region, languages, interests, time_zone, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, now()))`,
    [row.user_id, row.email ?? null, row.age_band ?? null, row.country ?? null, row.region ?? null,
      row.languages ?? [], row.interests ?? [], row.time_zone ?? null, row.updated_at ?? null],
  );
}

export async function updateUser(sql: Pick<pg.ClientBase, 'query'>, userId: string, set: Omit<UserRow, 'user_id'>): Promise<void> {
  const entries = Object.entries(set);
  const assignments = entries.map(([column], i) => `${column} = $${i + 2}`).join(', ');
  await sql.query(`UPDATE users SET ${assignments} WHERE user_id = $1`, [userId, ...entries.map(([, v]) => v)]);
}

export async function deleteUser(sql: Pick<pg.ClientBase, 'query'>, userId: string): Promise<void> {
  await sql.query('DELETE FROM users WHERE user_id = $1', [userId]);
}
