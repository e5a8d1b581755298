// Loaded with --import into every VU worker: TypeScript through tsx, then the k6 module map
// (hooks.mjs). Plain JavaScript because nothing can compile TypeScript before tsx is registered.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./hooks.mjs', import.meta.url);
