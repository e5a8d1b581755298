#!/usr/bin/env node
// Launcher for `npx tessera-apache-kafka`: no build step, so register tsx and run the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
