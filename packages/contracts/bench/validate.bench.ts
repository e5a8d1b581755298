// Hot-path cost of the contract: checking, decoding and encoding one interaction, the most
// frequent event. Run with `npm run bench -w @tessera/contracts`; numbers are never asserted.
import { bench, describe } from 'vitest';
import { decodeValue, encodeValue } from '../src/codec.js';
import { exampleEnrichedInteraction, exampleInteraction } from '../src/examples.js';
import { validators } from '../src/validation.js';

const interaction = exampleInteraction();
const bad = { ...interaction, type: 'hover' };
const enrichedBytes = Buffer.from(JSON.stringify(exampleEnrichedInteraction()));

describe('interaction', () => {
  bench('check (valid)', () => {
    validators.Interaction.check(interaction);
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
});
