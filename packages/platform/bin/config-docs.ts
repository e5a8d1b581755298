// Prints the configuration table of an app (the README's "Configuration" section is built from
// it): tsx packages/platform/bin/config-docs.ts <module.ts> [exportName] [--json]
// The module is imported, so it must only declare the schema (STYLE: no work on import).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TObject } from '@sinclair/typebox';
import { describeConfig, formatConfigDocs } from '../src/config/describe.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const [file, exportName = 'ConfigSchema'] = args.filter((a) => a !== '--json');
if (!file) {
  process.stderr.write('usage: config-docs <module.ts> [exportName] [--json]\n');
  process.exit(2);
}
const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
const schema = module[exportName] as TObject | undefined;
if (!schema || typeof schema !== 'object' || !('properties' in schema)) {
  process.stderr.write(`${file} has no TypeBox object export named ${exportName}\n`);
  process.exit(2);
}
process.stdout.write(`${json ? JSON.stringify(describeConfig(schema), null, 2) : formatConfigDocs(schema)}\n`);
