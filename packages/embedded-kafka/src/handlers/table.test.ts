import { expect, it } from 'vitest';
import { APIS } from '../protocol/registry.js';
import { HANDLERS } from './table.js';

it('has exactly one handler for every advertised API', () => {
  expect([...HANDLERS.keys()].sort((a, b) => a - b)).toEqual([...APIS.keys()].sort((a, b) => a - b));
});
