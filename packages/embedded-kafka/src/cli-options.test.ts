import { describe, expect, it } from 'vitest';
import { describeFlush, parseCli, parseFlush, UsageError } from './cli-options.js';

describe('--flush', () => {
  it('takes always, interval (200 ms) and interval:MS', () => {
    expect(parseFlush('always')).toBe('always');
    expect(parseFlush('interval')).toEqual({ intervalMs: 200 });
    expect(parseFlush('interval:50')).toEqual({ intervalMs: 50 });
    expect(parseCli(['--data', '/tmp/x', '--flush', 'always']).broker.flush).toBe('always');
    expect(parseCli(['--data', '/tmp/x']).broker.flush).toBeUndefined(); // the broker's default: interval:200
  });

  it.each(['sometimes', 'interval:', 'interval:0', 'interval:-5', 'interval:1.5', 'always:10'])('refuses %s', (raw) => {
    expect(() => parseCli(['--data', '/tmp/x', '--flush', raw])).toThrow(UsageError);
  });

  it('needs --data: an in-memory broker has nothing to fsync', () => {
    expect(() => parseCli(['--flush', 'always'])).toThrow(/--flush needs --data/);
  });

  it('is named in the listening line', () => {
    expect(describeFlush('always')).toBe('flush always');
    expect(describeFlush({ intervalMs: 50 })).toBe('flush interval:50');
    expect(describeFlush(undefined)).toBe('flush interval:200');
  });
});

describe('other flags', () => {
  it('parses the broker options and the CLI switches', () => {
    const cli = parseCli(['--port', '0', '--host', '0.0.0.0', '--partitions', '3', '--strict-replication', '--auto-create-topics',
      '--min-session-timeout-ms', '500', '--admin-port', '0', '--exit-with-parent']);
    expect(cli).toEqual({
      broker: { port: 0, host: '0.0.0.0', autoCreateTopics: true, strictReplication: true, defaultPartitions: 3, minSessionTimeoutMs: 500, adminPort: 0 },
      exitWithParent: true,
      help: false,
    });
  });

  it.each([['--port', 'x'], ['--partitions', '0'], ['--admin-port', '-1'], ['--nope']])('refuses %s %s with a usage error', (...args) => {
    expect(() => parseCli(args)).toThrow(UsageError);
  });
});
