import { describe, expect, it } from 'vitest';
import { createPositions } from './positions.js';

const T = 'interactions.v1';
const c = (offset: string, partition = 0) => ({ topic: T, partition, offset });

describe('positions', () => {
  it('knows the resume offset from the first batch and skips commits that would not move it', () => {
    const p = createPositions();
    expect(p.admit(T, 0, ['10', '11'])).toEqual({ kind: 'feed', from: 0 });
    expect(p.worthCommitting([c('10'), c('12', 1)])).toEqual([c('12', 1)]);
    p.committed([c('20')]);
    expect(p.worthCommitting([c('20'), c('21')])).toEqual([c('21')]);
  });

  it('after a rewind, feeds only from the rewind offset and re-seeks a delivery that is past it', () => {
    const p = createPositions();
    p.admit(T, 0, ['10']);
    p.committed([c('15')]);
    expect(p.rewind(T, 0)).toBe('15');
    expect(p.admit(T, 0, ['18', '19'])).toEqual({ kind: 'seek', offset: '15' });
    expect(p.admit(T, 0, ['13', '14', '15', '16'])).toEqual({ kind: 'feed', from: 2 });
    // Rewind done: the next batch is fed whole.
    expect(p.admit(T, 0, ['17'])).toEqual({ kind: 'feed', from: 0 });
  });

  it('accepts a gap at the rewind offset after a few seeks (compaction removed that record)', () => {
    const p = createPositions();
    p.admit(T, 0, ['0']);
    p.rewind(T, 0, '5');
    for (let i = 0; i < 3; i++) expect(p.admit(T, 0, ['7'])).toEqual({ kind: 'seek', offset: '5' });
    expect(p.admit(T, 0, ['7'])).toEqual({ kind: 'feed', from: 0 });
  });

  it('forgets everything on a new generation', () => {
    const p = createPositions();
    p.admit(T, 0, ['3']);
    p.reset();
    expect(p.rewind(T, 0)).toBeUndefined();
    expect(p.worthCommitting([c('3')])).toEqual([c('3')]);
  });
});
