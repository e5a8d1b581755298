// The Apache Kafka broker's jars, per version: `mvn dependency:copy-dependencies` on ./pom.xml into
// a git-ignored cache folder, once per version (a marker file says the copy is complete, so an
// interrupted resolution is redone, never half used). Maven's own ~/.m2 repository keeps the
// downloads, so a second version or a wiped cache resolves mostly offline.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The version tests, the failover test and `KAFKA=apache npm start` use unless APACHE_KAFKA_VERSION says otherwise. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

export function kafkaVersion(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.APACHE_KAFKA_VERSION?.trim() || DEFAULT_KAFKA_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`APACHE_KAFKA_VERSION must look like 4.4.0, got ${JSON.stringify(v)}`);
  return v;
}

/** Where resolved jars and scratch clusters live (APACHE_KAFKA_CACHE, default packages/apache-kafka/.cache). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.APACHE_KAFKA_CACHE?.trim() || join(PACKAGE_DIR, '.cache');
}

const MARKER = '.complete';

/** The folder holding every jar of `version`, resolving it with Maven first when it is not cached. */
export async function prepareArtifacts(version = kafkaVersion(), log: (line: string) => void = () => {}): Promise<string> {
  const dir = join(cacheDir(), version);
  const lib = join(dir, 'lib');
  if (existsSync(join(lib, MARKER))) return lib;
  log(`resolving org.apache.kafka:kafka_2.13:${version} and its dependencies with Maven`);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `lib.${process.pid}.${Date.now()}`);
  try {
    await run('mvn', ['-q', '-B', '-f', join(PACKAGE_DIR, 'pom.xml'), `-Dkafka.version=${version}`,
      'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`, '-DincludeScope=runtime'], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    const e = err as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('Apache Kafka needs Maven (mvn) and Java 17+ on the PATH: apt-get install -y maven openjdk-17-jre-headless');
    throw new Error(`mvn could not resolve Apache Kafka ${version}: ${(e.stdout ?? '') + (e.stderr ?? '') || String(err)}`);
  }
  if (!existsSync(join(tmp, `kafka_2.13-${version}.jar`))) throw new Error(`mvn finished but kafka_2.13-${version}.jar is not in ${tmp}`);
  await writeFile(join(tmp, MARKER), `${new Date().toISOString()}\n`);
  // A folder without the marker is an interrupted copy; one with it was finished by another
  // process meanwhile and is as good as ours.
  if (existsSync(lib) && !existsSync(join(lib, MARKER))) await rm(lib, { recursive: true, force: true });
  await rename(tmp, lib).catch(async () => { await rm(tmp, { recursive: true, force: true }); });
  return lib;
}
