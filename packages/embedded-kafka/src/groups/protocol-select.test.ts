import { describe, expect, it } from 'vitest';
import { selectProtocol, supportsProtocols, type MemberProtocols } from './protocol-select.js';

const member = (...names: string[]): MemberProtocols => ({ protocolType: 'consumer', protocols: names.map((name) => ({ name })) });
const kafkajs = member('RoundRobinAssigner');
const librdkafka = member('range', 'roundrobin');

describe('supportsProtocols', () => {
  it('lets anyone with a type and protocols into an empty group', () => {
    expect(supportsProtocols([], librdkafka)).toBe(true);
    expect(supportsProtocols([], { protocolType: '', protocols: [{ name: 'range' }] })).toBe(false);
    expect(supportsProtocols([], { protocolType: 'consumer', protocols: [] })).toBe(false);
  });

  it('refuses kafkajs and librdkafka consumers in one group (no shared assignor)', () => {
    expect(supportsProtocols([kafkajs], librdkafka)).toBe(false);
    expect(supportsProtocols([librdkafka], kafkajs)).toBe(false);
  });

  it('requires the same protocol type and a protocol every other member supports', () => {
    expect(supportsProtocols([librdkafka], member('roundrobin'))).toBe(true);
    expect(supportsProtocols([librdkafka], { protocolType: 'connect', protocols: [{ name: 'range' }] })).toBe(false);
    expect(supportsProtocols([librdkafka, member('roundrobin')], member('range'))).toBe(false);
  });
});

describe('selectProtocol', () => {
  it('picks the candidate most members prefer', () => {
    expect(selectProtocol([member('range', 'roundrobin'), member('roundrobin', 'range'), member('roundrobin', 'range')])).toBe('roundrobin');
  });

  it('only counts protocols every member supports', () => {
    // 'sticky' is first choice for two members but the third lacks it.
    expect(selectProtocol([member('sticky', 'range'), member('sticky', 'range'), member('range')])).toBe('range');
  });

  it('breaks ties by the first member preference order', () => {
    expect(selectProtocol([member('range', 'roundrobin'), member('roundrobin', 'range')])).toBe('range');
  });
});
