import { describe, expect, it } from 'vitest';
import { jvmArgs } from './jvm.js';

const base = { classpath: 'lib/*', mainClass: 'kafka.Kafka', args: ['node-1.properties'], heapMb: 1024, logFile: 'x.log' };

describe('jvmArgs', () => {
  it('runs tests small: serial GC, C1 only, a small initial heap', () => {
    const args = jvmArgs(base);
    expect(args).toEqual(expect.arrayContaining(['-Xmx1024m', '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']));
    expect(args.slice(-4)).toEqual(['-cp', 'lib/*', 'kafka.Kafka', 'node-1.properties']);
  });

  it('runs benchmarks with Kafka\'s own settings: G1 with a 20 ms pause goal, C2, the whole heap at start', () => {
    const args = jvmArgs({ ...base, tuning: 'server' });
    expect(args).toEqual(expect.arrayContaining(['-Xmx1024m', '-Xms1024m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20']));
    expect(args.some((a) => a.startsWith('-XX:TieredStopAtLevel') || a === '-XX:+UseSerialGC')).toBe(false);
  });
});
