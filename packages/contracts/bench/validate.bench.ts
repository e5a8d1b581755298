// Hot-path cost of the contract: checking, decoding and encoding one interaction, the most
// frequent event. Run with `npm run bench -w @tessera/contracts`; numbers are never asserted.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { bench, describe } from 'vitest';
import { decodeValue, encodeValue } from '../src/codec.js';
import { exampleEnrichedInteraction, exampleInteraction } from '../src/examples.js';
import { structureIssues } from '../src/untrusted.js';
import { Interaction } from '../src/schemas/interaction.js';
import { validators } from '../src/validation.js';

const interaction = exampleInteraction();
const bad = { ...interaction, type: 'hover' };
// What check cost before the structural walk: the compiled schema alone (same run, for the ratio).
const compiledOnly = TypeCompiler.Compile(Interaction);
const withInvented = { ...interaction, invented: { a: [1, 2, 3] }, constructor: 'x' } as typeof interaction;
const enrichedBytes = Buffer.from(JSON.stringify(exampleEnrichedInteraction()));

describe('interaction', () => {
  bench('check (valid)', () => {
    validators.Interaction.check(interaction);
  });
  bench('compiled schema check alone (baseline)', () => {
    compiledOnly.Check(interaction);
  });
  bench('issues (invalid)', () => {
    validators.Interaction.issues(bad);
  });
  bench('encodeValue', () => {
    encodeValue('interactions.v1', interaction);
  });
  bench('decodeValue (enriched)', () => {
    decodeValue('interactions.enriched.v1', enrichedBytes);
  });
  bench('structureIssues (the depth and text walk inside check)', () => {
    structureIssues(interaction);
  });
  bench('strip (with two invented properties)', () => {
    validators.Interaction.strip(withInvented);
  });
});
