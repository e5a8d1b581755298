// The ValueDecoder the archiver runs in production: contracts' decodeValue for catalogue topics
// (schema-checked, so the warehouse never meets a value it cannot load), plain JSON otherwise.
import { jsonDecoder } from '@tessera/archive/line';
import type { ValueDecoder } from '@tessera/archive/line';
import { decodeValue } from '@tessera/contracts/codec';
import { isTopicName } from '@tessera/contracts/topics';

export const catalogueDecoder: ValueDecoder = (topic, bytes) => {
  if (!isTopicName(topic)) return jsonDecoder(topic, bytes);
  const result = decodeValue(topic, bytes);
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, error: { code: result.error.code, message: result.error.message } };
};
