// 32-bit FNV-1a of a string: a stable hash across processes, machines and versions, for hashed
// categorical ids and anything else that must land in the same bucket everywhere (A/B arms).
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
