#!/usr/bin/env node
// Launcher for `npx tessera-kafka`: there is no build step, so register tsx's ESM loader and run
// the TypeScript entry point from source.
import { register } from 'tsx/esm/api';

register();
await import('./tessera-kafka.ts');
