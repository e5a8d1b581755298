import { describe, expect, it } from 'vitest';
import { clusterId } from './cluster.js';
import { serverProperties } from './properties.js';

const parse = (text: string) => Object.fromEntries(text.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));

describe('serverProperties', () => {
  const nodes = [1, 2, 3].map((id) => ({ id, port: 9000 + id, controllerPort: 9100 + id }));

  it('three combined-mode nodes: a static voter set, RF 3 and min.insync.replicas 2 for internal and new topics', () => {
    const p = parse(serverProperties(nodes[1]!, nodes, '/d/2'));
    expect(p['process.roles']).toBe('broker,controller');
    expect(p['node.id']).toBe('2');
    expect(p['controller.quorum.voters']).toBe('1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103');
    expect(p.listeners).toBe('PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102');
    expect(p['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:9002');
    expect([p['default.replication.factor'], p['min.insync.replicas'], p['offsets.topic.replication.factor'], p['transaction.state.log.min.isr']]).toEqual(['3', '2', '3', '2']);
    expect(p['auto.create.topics.enable']).toBe('false');
    expect(p['log.dirs']).toBe('/d/2');
  });

  it('one node: replication 1 everywhere; overrides win', () => {
    const p = parse(serverProperties(nodes[0]!, [nodes[0]!], '/d', { 'num.partitions': '3' }));
    expect([p['default.replication.factor'], p['min.insync.replicas'], p['offsets.topic.replication.factor']]).toEqual(['1', '1', '1']);
    expect(p['num.partitions']).toBe('3');
  });
});

describe('clusterId', () => {
  it('is 16 random bytes in URL-safe base64 without padding, like Kafka\'s Uuid', () => {
    const a = clusterId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(16);
    expect(clusterId()).not.toBe(a);
  });

  it('never starts with "-" (the storage tool would take it for an option)', () => {
    const draws = [Buffer.from('f8'.repeat(16), 'hex'), Buffer.from('f8'.repeat(16), 'hex'), Buffer.from('08'.repeat(16), 'hex')];
    expect(draws[0]!.toString('base64url').startsWith('-')).toBe(true);
    let n = 0;
    expect(clusterId(() => draws[n++]!)).toBe(draws[2]!.toString('base64url'));
    expect(n).toBe(3);
  });
});
