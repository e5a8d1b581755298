// What a Tessera model file says about itself, in the ONNX file's metadata_props: which model and
// version it is, which feature set (packages/features) produced its inputs, and the input sizes.
// The recommender reads this before any runtime sees the file, so a model built for features the
// running code does not compute is refused with a clear message instead of scoring garbage.
import { readMetadata } from './onnx/writer.js';
import type { ModelInfo } from './scorer/scorer.js';

export interface ModelFileMeta {
  readonly name: string;
  readonly version: string;
  /** Feature set id, e.g. "ctr-3": names, order and encoding of every input column. */
  readonly featureSet: string;
  readonly denseNames: readonly string[];
  readonly fieldNames: readonly string[];
  readonly fieldSizes: readonly number[];
  readonly factors: number;
}

const KEY = {
  name: 'tessera.name',
  version: 'tessera.version',
  featureSet: 'tessera.feature_set',
  dense: 'tessera.dense',
  fields: 'tessera.fields',
  fieldSizes: 'tessera.field_sizes',
  factors: 'tessera.factors',
} as const;

export function modelMetadata(meta: ModelFileMeta): Record<string, string> {
  return {
    [KEY.name]: meta.name,
    [KEY.version]: meta.version,
    [KEY.featureSet]: meta.featureSet,
    [KEY.dense]: meta.denseNames.join(','),
    [KEY.fields]: meta.fieldNames.join(','),
    [KEY.fieldSizes]: meta.fieldSizes.join(','),
    [KEY.factors]: String(meta.factors),
  };
}

export type MetaResult = { ok: true; value: ModelFileMeta } | { ok: false; message: string };

export function parseModelMetadata(props: Record<string, string>): MetaResult {
  const missing = Object.values(KEY).filter((k) => props[k] === undefined);
  if (missing.length > 0) return { ok: false, message: `not a Tessera model file: metadata ${missing.join(', ')} missing` };
  const list = (text: string) => (text === '' ? [] : text.split(','));
  const fieldSizes = list(props[KEY.fieldSizes]!).map(Number);
  const fieldNames = list(props[KEY.fields]!);
  const factors = Number(props[KEY.factors]);
  if (fieldSizes.length !== fieldNames.length || !fieldSizes.every((n) => Number.isInteger(n) && n > 0)) {
    return { ok: false, message: `model metadata: field sizes "${props[KEY.fieldSizes]}" do not match fields "${props[KEY.fields]}"` };
  }
  if (!Number.isInteger(factors) || factors < 0) return { ok: false, message: `model metadata: factors "${props[KEY.factors]}" is not a count` };
  return {
    ok: true,
    value: {
      name: props[KEY.name]!,
      version: props[KEY.version]!,
      featureSet: props[KEY.featureSet]!,
      denseNames: list(props[KEY.dense]!),
      fieldNames,
      fieldSizes,
      factors,
    },
  };
}

/** Reads and parses a model file's metadata; never throws (bytes that are not a model are refused). */
export function readModelFile(bytes: Uint8Array): MetaResult {
  let props: Record<string, string>;
  try {
    props = readMetadata(bytes);
  } catch (error) {
    return { ok: false, message: `not an ONNX model: ${error instanceof Error ? error.message : String(error)}` };
  }
  return parseModelMetadata(props);
}

/**
 * The Scorer's inspect step: parse the metadata, then ask `accept` (the running code's feature
 * sets) whether these inputs are ones it can compute; `accept` returns an error message or undefined.
 */
export function inspectWith(accept: (meta: ModelFileMeta) => string | undefined) {
  return (bytes: Uint8Array): { ok: true; value: ModelInfo } | { ok: false; message: string } => {
    const parsed = readModelFile(bytes);
    if (!parsed.ok) return parsed;
    const refusal = accept(parsed.value);
    if (refusal) return { ok: false, message: refusal };
    const meta = parsed.value;
    return { ok: true, value: { name: meta.name, version: meta.version, dims: { dense: meta.denseNames.length, fields: meta.fieldNames.length } } };
  };
}
