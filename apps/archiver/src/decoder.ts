// The ValueDecoder the archiver runs in production: contracts' decodeValue for catalogue topics
// (schema-checked, so the warehouse never meets a value it cannot load), plain JSON otherwise.
import { decodeValue } from '@tessera/contracts/codec';
import { isTopicName } from '@tessera/contracts/topics';
import { jsonDecoder } from './encode.js';
import type { ValueDecoder } from './encode.js';

export const catalogueDecoder: ValueDecoder = (topic, bytes) => {
  if (!isTopicName(topic)) return jsonDecoder(topic, bytes);
  const result = decodeValue(topic, bytes);
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, error: { code: result.error.code, message: result.error.message } };
};
