// Resolves the k6 modules a script imports to this runner's implementations, and refuses every
// other k6 module by name, so a script using something the runner lacks fails at once, loudly.
const IMPLEMENTED = {
  k6: '../k6/k6.ts',
  'k6/http': '../k6/http.ts',
  'k6/websockets': '../k6/websockets.ts',
  'k6/crypto': '../k6/crypto.ts',
  'k6/encoding': '../k6/encoding.ts',
  'k6/metrics': '../k6/metrics.ts',
  'k6/timers': '../k6/timers.ts',
};

export async function resolve(specifier, context, next) {
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    const file = IMPLEMENTED[specifier];
    if (!file) {
      throw new Error(`k6-runner does not implement the module "${specifier}" (implemented: ${Object.keys(IMPLEMENTED).join(', ')}); run this script with real k6`);
    }
    // Handed on, so tsx resolves (and later compiles) the TypeScript implementation.
    return next(new URL(file, import.meta.url).href, context);
  }
  return next(specifier, context);
}
