import { describe, expect, it } from 'vitest';
import { DeadlineExceeded, within } from './deadline.js';

describe('within', () => {
  it('returns the value when the promise settles before the deadline', async () => {
    await expect(within(Promise.resolve(7), 1_000)).resolves.toBe(7);
  });

  it('rejects with a retriable DeadlineExceeded when the promise is slower', async () => {
    const slow = new Promise((resolve) => setTimeout(resolve, 500));
    const error = await within(slow, 20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceeded);
    expect(error).toMatchObject({ code: 'deadline_exceeded', retriable: true });
  });

  it('passes the promise\'s own rejection through', async () => {
    await expect(within(Promise.reject(new Error('broker down')), 1_000)).rejects.toThrow('broker down');
  });
});
