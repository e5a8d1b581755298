// The catalogue against the code: reads every app's source (apps/*/src, tests excluded) with the
// TypeScript compiler and derives, per app, the topics it produces and the consumer groups it
// joins, then compares them with TOPICS and CONSUMER_GROUPS. Nothing here is a second list: a new
// `producer.send('x')`, a new group default or a removed consumer makes this fail until the
// catalogue says the same.
//
// What counts as code evidence:
// - produced: the first argument of a `.send(…)` / `.tombstone(…)` call, the `topic` of an
//   object literal that also has `key` and `value` (a record built for a raw producer, users-cdc),
//   the `topic` given to a shared process that produces to it (PRODUCING_PROCESSES), and dlq.v1
//   for an app that starts a shared role dead-lettering on its producer (DEAD_LETTERING_ROLES);
// - groups: `groupId:` values and the defaults of config variables named `…_GROUP`, resolved
//   through string constants, object-literal constants (`groups.content`), config defaults
//   (`config.TAKEDOWNS_GROUP`) and `x ?? 'default'`; a template keeps its fixed base (the part
//   before the per-process suffix: `users-cdc-resume-${slot}` → users-cdc-resume).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CONSUMER_GROUPS, isTopicName, TOPIC_NAMES, TOPICS } from '../src/topics.js';

/** Shared process starters that produce to the `topic` they are given (device-ingest's HTTP role). */
const PRODUCING_PROCESSES = ['serveIngestProcess'];
/** Shared roles an app starts with its own producer, which dead-letter to dlq.v1 (the users table's enricher). */
const DEAD_LETTERING_ROLES = ['startEnricher'];

const APPS = fileURLToPath(new URL('../../../apps/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

interface AppEvidence { produced: Set<string>; groups: Set<string> }

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

function evidence(app: string): AppEvidence {
  const files = sourceFiles(join(APPS, app, 'src')).map((f) => ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true));
  const constants = new Map<string, string>();
  const objectConstants = new Map<string, string>();
  const configDefaults = new Map<string, ts.Expression>();
  const propName = (n: ts.PropertyName) => (ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : undefined);
  for (const file of files) {
    walk(file, (n) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
        if (ts.isStringLiteralLike(n.initializer)) constants.set(n.name.text, n.initializer.text);
        if (ts.isObjectLiteralExpression(n.initializer)) {
          for (const p of n.initializer.properties) {
            const key = ts.isPropertyAssignment(p) ? propName(p.name) : undefined;
            if (key && ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)) objectConstants.set(`${n.name.text}.${key}`, p.initializer.text);
          }
        }
      }
      // CONFIG_VAR: env.string({ default: … }) — the defaults of the app's config schema.
      if (ts.isPropertyAssignment(n) && ts.isCallExpression(n.initializer)) {
        const key = propName(n.name);
        const options = n.initializer.arguments[0];
        if (key && /^[A-Z][A-Z0-9_]*$/.test(key) && options && ts.isObjectLiteralExpression(options)) {
          const def = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propName(p.name) === 'default');
          if (def) configDefaults.set(key, def.initializer);
        }
      }
    });
  }
  const resolve = (e: ts.Expression | undefined): string | undefined => {
    if (!e) return undefined;
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isParenthesizedExpression(e)) return resolve(e.expression);
    if (ts.isIdentifier(e)) return constants.get(e.text);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return resolve(e.right);
    if (ts.isPropertyAccessExpression(e)) {
      if (ts.isIdentifier(e.expression)) {
        const fromObject = objectConstants.get(`${e.expression.text}.${e.name.text}`);
        if (fromObject !== undefined) return fromObject;
      }
      return /_GROUP$/.test(e.name.text) ? resolve(configDefaults.get(e.name.text)) : undefined;
    }
    if (ts.isTemplateExpression(e)) {
      const base = e.head.text !== '' ? e.head.text : resolve(e.templateSpans[0]?.expression);
      return base?.replace(/[-.]+$/, '');
    }
    return undefined;
  };
  const produced = new Set<string>();
  const groups = new Set<string>();
  for (const [key, def] of configDefaults) {
    const value = /_GROUP$/.test(key) ? resolve(def) : undefined;
    if (value) groups.add(value);
  }
  for (const file of files) {
    walk(file, (n) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['send', 'tombstone'].includes(n.expression.name.text)) {
        const topic = resolve(n.arguments[0]);
        if (topic && isTopicName(topic)) produced.add(topic);
      }
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && DEAD_LETTERING_ROLES.includes(n.expression.text)) produced.add('dlq.v1');
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && PRODUCING_PROCESSES.includes(n.expression.text)) {
        const options = n.arguments[0];
        const prop = options && ts.isObjectLiteralExpression(options)
          ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propName(p.name) === 'topic')
          : undefined;
        const topic = resolve(prop?.initializer);
        if (topic && isTopicName(topic)) produced.add(topic);
      }
      if (ts.isObjectLiteralExpression(n)) {
        const names = new Map(n.properties.flatMap((p) => {
          if (ts.isPropertyAssignment(p)) return [[propName(p.name), p.initializer] as const];
          if (ts.isShorthandPropertyAssignment(p)) return [[p.name.text, p.name] as const];
          return [];
        }));
        const topic = resolve(names.get('topic'));
        if (topic && isTopicName(topic) && names.has('key') && names.has('value')) produced.add(topic);
        const group = names.get('groupId');
        const value = resolve(group);
        if (value) groups.add(value);
      }
    });
  }
  return { produced, groups };
}

const apps = readdirSync(APPS).filter((name) => statSync(join(APPS, name, 'src'), { throwIfNoEntry: false })?.isDirectory());
const found = new Map(apps.map((app) => [app, evidence(app)]));

const sorted = (values: Iterable<string>) => [...values].sort();

describe('topic catalogue against the code', () => {
  it('reads the source of every app', () => {
    expect(apps).toEqual(expect.arrayContaining(['aggregator', 'beacon', 'clicks-tracker', 'users-table', 'recommender', 'delivery', 'archiver', 'users-cdc', 'trainer', 'warehouse']));
  });

  it.each(apps)('lists exactly the topics %s produces', (app) => {
    const listed = TOPIC_NAMES.filter((t) => (TOPICS[t].producers as readonly string[]).includes(app));
    expect(sorted(found.get(app)!.produced)).toEqual(sorted(listed));
  });

  it.each(apps)('lists exactly the consumer groups %s joins', (app) => {
    const listed = Object.entries(CONSUMER_GROUPS).filter(([, g]) => g.app === app).map(([name]) => name);
    expect(sorted(found.get(app)!.groups)).toEqual(sorted(listed));
  });

  it('names only apps that exist as producers and group owners', () => {
    for (const t of TOPIC_NAMES) for (const p of TOPICS[t].producers) expect(apps).toContain(p);
    for (const g of Object.values(CONSUMER_GROUPS)) expect(apps).toContain(g.app);
  });

  it('has a reader for every topic and a definition for every group a topic names', () => {
    for (const t of TOPIC_NAMES) {
      expect(TOPICS[t].consumerGroups.length, t).toBeGreaterThan(0);
      for (const g of TOPICS[t].consumerGroups) expect(Object.keys(CONSUMER_GROUPS)).toContain(g);
    }
    const used = new Set(TOPIC_NAMES.flatMap((t) => TOPICS[t].consumerGroups));
    expect(sorted(Object.keys(CONSUMER_GROUPS))).toEqual(sorted(used));
  });
});
