// The acceptance path as an operator meets it: a process started with a bad variable stops at
// once, naming the variable; the docs printer lists every variable of an app's schema.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/config-app.ts', import.meta.url));
const schemaModule = fileURLToPath(new URL('./fixtures/config-schema.ts', import.meta.url));
const docsBin = fileURLToPath(new URL('../bin/config-docs.ts', import.meta.url));

function run(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['PORT', 'REDIS_URL', 'JWT_SECRET'].includes(k)),
  );
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], { env: { ...clean, ...env }, encoding: 'utf8' });
}

describe('config at process start', () => {
  it('exits 78 naming each bad variable, without echoing the secret', () => {
    const result = run([fixture], { PORT: 'http', JWT_SECRET: 'too-short-value' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('Invalid configuration (2 problems):');
    expect(result.stderr).toContain('PORT: expected a TCP port (integer between 0 and 65535), received "http"');
    expect(result.stderr).toContain('JWT_SECRET: expected a secret of at least 16 characters, received [redacted]');
    expect(result.stderr).not.toContain('too-short-value');
    expect(result.stdout).toBe('');
  });

  it('starts with a good environment and logs the config redacted', () => {
    const result = run([fixture], { PORT: '9000', JWT_SECRET: 'a-long-enough-secret' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      PORT: 9000,
      REDIS_URL: 'redis://localhost:6379',
      JWT_SECRET: '[redacted]',
    });
  });

  it('prints the documentation table of an app schema', () => {
    const result = run([docsBin, schemaModule], {});
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      '| Variable | Default | Description |',
      '|---|---|---|',
      '| `PORT` | `8080` | HTTP listen port Expects a TCP port (integer between 0 and 65535). |',
      '| `REDIS_URL` | `redis://localhost:6379` | Expects a URL with scheme redis: or rediss:. |',
      '| `JWT_SECRET` | (required) | HMAC key for device tokens Expects a secret of at least 16 characters. |',
      '',
    ]);
  });
});
