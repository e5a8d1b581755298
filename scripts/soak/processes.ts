// The processes of one local stack and their resource use, read from /proc: every process whose
// environment names the stack's data directory (the launcher's children inherit it), named by what
// it runs, sampled for resident memory (VmRSS) and CPU time (utime + stime).
import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename } from 'node:path';

/** Linux reports CPU times in clock ticks; 100 per second on every kernel the stack runs on. */
const TICKS_PER_SEC = 100;

export interface StackProcess {
  readonly pid: number;
  /** `aggregator`, `beacon-enricher`, `stack (launcher + broker)`, `redis-server`, … */
  readonly name: string;
  /** Infrastructure the soak reports but does not judge (Redis, Postgres). */
  readonly infrastructure: boolean;
  /** An app: the processes it starts are part of it (usageOf's `children`); not the launcher, whose children are the apps. */
  readonly app: boolean;
}

export interface Usage {
  readonly rssBytes: number;
  readonly cpuSeconds: number;
}

/**
 * Pids of processes whose environment holds TESSERA_DATA_DIR=<dir>, and their descendants (a
 * process that rewrites its title, like redis-server, overwrites the environment /proc shows).
 */
export async function pidsOf(dataDir: string): Promise<number[]> {
  const found = new Set<number>();
  const parents = new Map<number, number>();
  for (const entry of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`TESSERA_DATA_DIR=${dataDir}`)) found.add(Number(entry));
    const ppid = await parentOf(Number(entry));
    if (Number.isFinite(ppid)) parents.set(Number(entry), ppid);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!found.has(pid) && found.has(ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/**
 * The stack's processes by name; Postgres's backends are left out (only its postmaster is kept),
 * and so is a process an app started (the trainer's run processes): usageOf counts it with its app.
 */
export async function stackProcesses(dataDir: string): Promise<StackProcess[]> {
  const named: (Omit<StackProcess, 'app'> & { ppid: number })[] = [];
  for (const pid of await pidsOf(dataDir)) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    const name = nameOf(argv, cwd);
    if (name) named.push({ pid, ppid: await parentOf(pid), name, infrastructure: name === 'redis-server' || name === 'postgres' });
  }
  const apps = new Set(named.filter((p) => !p.infrastructure && p.name !== LAUNCHER).map((p) => p.pid));
  // Postgres forks a backend per connection; its postmaster (lowest pid) stands for it.
  const postgres = named.filter((p) => p.name === 'postgres').sort((a, b) => a.pid - b.pid);
  return named
    .filter((p) => (p.name !== 'postgres' || p === postgres[0]) && !apps.has(p.ppid))
    .map(({ pid, name, infrastructure }) => ({ pid, name, infrastructure, app: apps.has(pid) }));
}

async function parentOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

const LAUNCHER = 'stack (launcher + broker)';

export function nameOf(argv: readonly string[], cwd: string): string | undefined {
  const command = basename(argv[0] ?? '');
  if (command.startsWith('redis-server')) return 'redis-server';
  if (command === 'postgres' || argv[0]?.startsWith('postgres:')) return 'postgres';
  const entry = argv.find((a) => a.endsWith('.ts'));
  if (!entry) return undefined;
  if (entry.endsWith('scripts/start.ts')) return LAUNCHER;
  const app = /\/apps\/([^/]+)\/?$/.exec(cwd)?.[1];
  if (!app) return undefined;
  if (entry.endsWith('enricher-main.ts')) return `${app === 'clicks-tracker' ? 'clicks' : app}-enricher`;
  if (entry.endsWith('feed-server-cli.ts')) return 'demo-feeds';
  return app;
}

/**
 * Undefined once the process is gone. With `children`, the processes it started count as its own:
 * their resident memory while they run, their CPU time while they run and once they are reaped
 * (cutime + cstime), as a container holding the app would account them.
 */
export async function usageOf(pid: number, options: { children?: boolean } = {}): Promise<Usage | undefined> {
  try {
    const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    // Fields after the command name (which may hold spaces) start at index 3 = state; utime,
    // stime, cutime and cstime are fields 14-17 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (options.children ? Number(fields[13]) + Number(fields[14]) : 0);
    if (!Number.isFinite(rssKb) || !Number.isFinite(ticks)) return undefined;
    let usage: Usage = { rssBytes: rssKb * 1024, cpuSeconds: ticks / TICKS_PER_SEC };
    if (options.children) {
      const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean).map(Number);
      for (const child of children) {
        const own = await usageOf(child, { children: true });
        if (own) usage = { rssBytes: usage.rssBytes + own.rssBytes, cpuSeconds: usage.cpuSeconds + own.cpuSeconds };
      }
    }
    return usage;
  } catch {
    return undefined;
  }
}
