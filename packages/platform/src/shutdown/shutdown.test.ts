import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/support/capture-logger.js';
import { createShutdown } from './shutdown.js';

function harness(deadlineMs = 10_000) {
  const log = captureLogger('shutdown');
  const exits: number[] = [];
  const closed: string[] = [];
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (onExit = resolve));
  const exit = (code: number) => {
    exits.push(code);
    onExit(code);
  };
  const shutdown = createShutdown({ logger: log.logger, deadlineMs, exit });
  const closer = (name: string) => async () => {
    await new Promise((resolve) => setImmediate(resolve));
    closed.push(name);
  };
  return { log, exits, exited, closed, shutdown, closer };
}

describe('createShutdown', () => {
  it('closes phase by phase, newest first within a phase, then exits 0', async () => {
    const { exits, closed, shutdown, closer } = harness();
    shutdown.register('redis', closer('redis'));
    shutdown.register('producer', closer('producer'), 'clients');
    shutdown.register('interactions-consumer', closer('interactions-consumer'), 'draining');
    shutdown.register('beacons-consumer', closer('beacons-consumer'), 'draining');
    shutdown.register('http', closer('http'), 'accepting');
    await shutdown.run('test');
    expect(closed).toEqual(['http', 'beacons-consumer', 'interactions-consumer', 'producer', 'redis']);
    expect(exits).toEqual([0]);
  });

  it('runs once no matter how often it is asked', async () => {
    const { exits, closed, shutdown, closer } = harness();
    shutdown.register('redis', closer('redis'));
    expect(shutdown.isShuttingDown()).toBe(false);
    const first = shutdown.run('a');
    expect(shutdown.isShuttingDown()).toBe(true);
    expect(shutdown.run('b')).toBe(first);
    await first;
    expect(closed).toEqual(['redis']);
    expect(exits).toEqual([0]);
  });

  it('keeps closing after a failure, logs it, and exits 1', async () => {
    const { log, exits, closed, shutdown, closer } = harness();
    shutdown.register('redis', closer('redis'));
    shutdown.register('producer', () => {
      throw Object.assign(new Error('broker unreachable'), { code: 'KAFKA_DOWN', retriable: true });
    });
    await shutdown.run('test');
    expect(closed).toEqual(['redis']);
    expect(exits).toEqual([1]);
    expect(log.lines.find((l) => l.msg === 'failed to close producer')).toMatchObject({
      resource: 'producer',
      err: { message: 'broker unreachable', code: 'KAFKA_DOWN' },
    });
  });

  it('forces exit 1 at the deadline and names the resource that hung', async () => {
    const { log, exits, exited, closed, shutdown, closer } = harness(50);
    shutdown.register('redis', closer('redis'));
    shutdown.register('consumer', () => new Promise(() => undefined), 'draining');
    shutdown.register('http', closer('http'), 'accepting');
    void shutdown.run('test');
    expect(await exited).toBe(1);
    expect(exits).toEqual([1]);
    expect(closed).toEqual(['http']);
    expect(log.lines.find((l) => l.level === 'error')).toMatchObject({
      msg: 'shutdown forced: consumer did not close (deadline of 50ms passed)',
      hung: 'consumer',
      phase: 'draining',
      notClosed: ['redis'],
    });
  });

  it('closes a resource registered mid-shutdown instead of leaking it', async () => {
    const { exits, closed, shutdown, closer } = harness();
    shutdown.register('producer', async () => {
      shutdown.register('late-timer', closer('late-timer'), 'accepting');
      closed.push('producer');
    });
    shutdown.register('redis', closer('redis'));
    await shutdown.run('test');
    expect(closed).toEqual(['redis', 'producer', 'late-timer']);
    expect(exits).toEqual([0]);
  });

  it('the first close already sees the process shutting down', async () => {
    const { closed, shutdown } = harness();
    shutdown.register('redis', () => {
      closed.push(`redis sees shutting down: ${shutdown.isShuttingDown()}`);
      shutdown.register('timer', () => closed.push('timer'));
    });
    await shutdown.run('test');
    expect(closed).toEqual(['redis sees shutting down: true', 'timer']);
  });

  it('a forced exit during the sequence wins over the normal end', async () => {
    const { exits, shutdown } = harness();
    let release: () => void = () => undefined;
    shutdown.register('consumer', () => new Promise<void>((resolve) => (release = resolve)));
    const done = shutdown.run('test');
    await new Promise((resolve) => setImmediate(resolve));
    shutdown.force('second signal SIGINT');
    release();
    await done;
    expect(exits).toEqual([1]);
  });
});
