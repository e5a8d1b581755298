// The ONNX graph writer: the few protobuf shapes a Tessera model file needs (initializers, inputs
// and outputs, nodes with INT/FLOAT/INTS attributes, string metadata), built with onnx-buf's
// generated schema and serialized by @bufbuild/protobuf. Models are written at IR 8 / opset 17,
// the pair every onnxruntime of the last years reads; ReduceSum takes its axes as an input there.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType, AttributeProtoSchema, GraphProtoSchema, ModelProtoSchema,
  NodeProtoSchema, OperatorSetIdProtoSchema, StringStringEntryProtoSchema, TensorProto_DataType as DataType,
  TensorProtoSchema, TensorShapeProto_DimensionSchema, TensorShapeProtoSchema, TypeProto_TensorSchema,
  TypeProtoSchema, ValueInfoProtoSchema,
} from 'onnx-buf';
import type { NodeProto, TensorProto, ValueInfoProto } from 'onnx-buf';

export const IR_VERSION = 8;
export const OPSET = 17;
export { DataType };

type Numeric = Float32Array | Int32Array | BigInt64Array;

// onnx-buf types raw bytes as Uint8Array<ArrayBuffer>: copy into a fresh buffer (a view over the
// typed array's buffer may be shared and is typed ArrayBufferLike). Little-endian, as on x64/arm64.
function rawBytes(data: Numeric): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(data.byteLength);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return out;
}

function dataTypeOf(data: Numeric): DataType {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof Int32Array) return DataType.INT32;
  return DataType.INT64;
}

/** A constant tensor (weights, shapes, axes) stored in the file. */
export function initializer(name: string, dims: readonly number[], data: Numeric): TensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new RangeError(`initializer ${name}: dims ${dims.join('x')} hold ${size} values, got ${data.length}`);
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: dataTypeOf(data), rawData: rawBytes(data) });
}

/** A graph input or output: element type and dims (a string dim is symbolic, e.g. "N"). */
export function valueInfo(name: string, elemType: DataType, dims: readonly (number | string)[]): ValueInfoProto {
  const dim = dims.map((d) => create(TensorShapeProto_DimensionSchema, {
    value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
  }));
  const tensorType = create(TypeProto_TensorSchema, { elemType, shape: create(TensorShapeProtoSchema, { dim }) });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

/** One operator. Integer attributes become INT, other numbers FLOAT, arrays INTS. */
export function node(opType: string, input: readonly string[], output: readonly string[], attrs: Record<string, number | readonly number[]> = {}): NodeProto {
  const attribute = Object.entries(attrs).map(([name, v]) => {
    if (typeof v !== 'number') return create(AttributeProtoSchema, { name, type: AttributeType.INTS, ints: v.map(BigInt) });
    if (Number.isInteger(v)) return create(AttributeProtoSchema, { name, type: AttributeType.INT, i: BigInt(v) });
    return create(AttributeProtoSchema, { name, type: AttributeType.FLOAT, f: v });
  });
  return create(NodeProtoSchema, { opType, input: [...input], output: [...output], name: `${opType}_${output[0] ?? ''}`, attribute });
}

export interface GraphSpec {
  name: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  metadata: Record<string, string>;
  producerVersion?: string;
}

/** The serialized model file. */
export function writeModel(spec: GraphSpec): Uint8Array {
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(IR_VERSION),
    producerName: 'tessera-ranking',
    producerVersion: spec.producerVersion ?? '1',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(OPSET) })],
    metadataProps: Object.entries(spec.metadata).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
    graph: create(GraphProtoSchema, {
      name: spec.name, node: spec.nodes, initializer: spec.initializers, input: spec.inputs, output: spec.outputs,
    }),
  });
  return toBinary(ModelProtoSchema, model);
}

/** The metadata_props of a model file, without loading it into a runtime. Throws on bytes that are not a model. */
export function readMetadata(bytes: Uint8Array): Record<string, string> {
  const model = fromBinary(ModelProtoSchema, bytes);
  if (!model.graph) throw new Error('not an ONNX model: no graph');
  return Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
}
