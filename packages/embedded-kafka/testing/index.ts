// The embedded broker's test kits, one entry point (`@tessera/embedded-kafka/testing`). Nothing
// under src/ imports them: the broker's production modules stay free of test support.
//   groups.ts          a group coordinator on a manual clock, request builders, a join+sync driver
//   storage.ts         produce-shaped batches and the two store modes (memory, temp directory)
//   kafkajs-oracle.ts  kafkajs 2.2.4's own protocol encoders/decoders, the codec tests' oracle
export {
  flush, joinReq, leaderOf, memberIdFor, REBALANCE_MS, SESSION_MS, setup, soloStable, track,
} from './groups.js';
export type { Tracked } from './groups.js';
export { config, kv, MODES, openMode, produced } from './storage.js';
export type { Mode, ProduceSpec } from './storage.js';
export {
  CLIENT_ID, CORRELATION_ID, kafkajsDecodeResponse, kafkajsLong, kafkajsRecordBatch, kafkajsRequestFrame, wireThrottle,
} from './kafkajs-oracle.js';
