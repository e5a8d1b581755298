// CPU time of the stack's processes from /proc: utime + stime of each process whose environment
// names the run's data dir (the launcher, which hosts the broker, and every app and server it
// started) and the Redis it started, named by the app folder it runs in and its entry point (beacon vs beacon-enricher).
import { readdir, readFile, readlink } from 'node:fs/promises';
import { processesOf } from '../harness/stack-process.js';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export type CpuSnapshot = Map<string, number>;

export async function cpuOf(dataDir: string, launcherPid: number, extra: Record<string, number> = {}): Promise<CpuSnapshot> {
  const snapshot: CpuSnapshot = new Map();
  const add = (name: string, seconds: number) => snapshot.set(name, (snapshot.get(name) ?? 0) + seconds);
  // redis-server rewrites its process title over its environment, so it is found as the launcher's child.
  const pids = [...await processesOf(dataDir), ...await redisOf(launcherPid)];
  for (const pid of [...pids, ...Object.values(extra).map(String)]) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    add(await nameOf(pid, extra), seconds);
  }
  return snapshot;
}

async function nameOf(pid: string, extra: Record<string, number>): Promise<string> {
  const named = Object.entries(extra).find(([, p]) => String(p) === pid);
  if (named) return named[0];
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (cmdline.some((a) => a.endsWith('scripts/start.ts'))) return 'launcher + embedded broker';
  if (cmdline[0]?.includes('redis-server')) return 'redis';
  if (cmdline[0]?.includes('postgres')) return 'postgres';
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
  const app = /\/apps\/([^/]+)$/.exec(cwd)?.[1] ?? `pid ${pid}`;
  return cmdline.some((a) => a.includes('enricher-main')) ? `${app} enricher` : app;
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, seconds] of after) delta.set(name, seconds - (before.get(name) ?? 0));
  return delta;
}

async function redisOf(launcherPid: number): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === launcherPid && stat.includes('(redis-server)')) found.push(pid);
  }
  return found;
}
