// Owns stopping a process cleanly: resources are closed phase by phase (servers stop accepting,
// then consumers drain, then the clients they were writing through are closed), and within a
// phase in reverse registration order, so anything opened later, which may depend on what was
// opened earlier, is closed first. A deadline bounds the whole sequence: when it passes (or a
// second signal arrives) the process exits non-zero and the log names the resource that hung.
import type { Logger } from 'pino';
import { installSignalHandlers } from './signals.js';
import type { SignalOptions } from './signals.js';

/** In the order they run. Unknown work belongs in 'clients', the default: closed last. */
export const SHUTDOWN_PHASES = ['accepting', 'draining', 'clients'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

export type ShutdownLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface ShutdownOptions {
  readonly logger: ShutdownLogger;
  /** Budget for the whole sequence; past it the process is forced out with exit code 1. */
  readonly deadlineMs: number;
  /** Injected by unit tests; the real process.exit otherwise. */
  readonly exit?: (code: number) => void;
}

export interface Shutdown {
  register(name: string, close: () => unknown, phase?: ShutdownPhase): void;
  /** Starts the sequence once; later calls return the same promise. */
  run(reason: string, exitCode?: number): Promise<void>;
  /** Exits now with code 1, logging what was still closing. Used for a second signal. */
  force(reason: string): void;
  isShuttingDown(): boolean;
  /**
   * SIGTERM/SIGINT start the sequence; a second signal forces the exit, except a repeat of the
   * first one within `repeatWindowMs` (default 1 s: npm and tsx relay one Ctrl-C). Returns an uninstaller.
   */
  installSignalHandlers(options?: SignalOptions): () => void;
}

interface Resource {
  readonly name: string;
  readonly phase: ShutdownPhase;
  readonly close: () => unknown;
}

function closingOrder(resources: readonly Resource[]): Resource[] {
  return SHUTDOWN_PHASES.flatMap((phase) => resources.filter((r) => r.phase === phase).reverse());
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger, deadlineMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const resources: Resource[] = [];
  let running: Promise<void> | undefined;
  // Set before the sequence starts: the first close() runs synchronously inside run(), and it
  // must already see isShuttingDown() === true.
  let started = false;
  let current: Resource | undefined;
  let pending: Resource[] = [];
  let exited = false;

  function finish(code: number): void {
    if (exited) return;
    exited = true;
    exit(code);
  }

  function force(reason: string): void {
    if (exited) return;
    logger.error(
      { reason, hung: current?.name ?? null, phase: current?.phase ?? null, notClosed: pending.map((r) => r.name) },
      current ? `shutdown forced: ${current.name} did not close (${reason})` : `shutdown forced (${reason})`,
    );
    finish(1);
  }

  async function sequence(reason: string, exitCode: number): Promise<void> {
    logger.info({ reason, deadlineMs, resources: resources.length }, 'shutdown started');
    // Deliberately not unref'd: if every handle is already gone while a close() still awaits,
    // this timer is what keeps the process alive long enough to report the hang.
    const timer = setTimeout(() => force(`deadline of ${deadlineMs}ms passed`), deadlineMs);
    let failed = false;
    pending = closingOrder(resources);
    while (pending.length > 0 && !exited) {
      current = pending.shift();
      if (!current) break;
      const { name, phase } = current;
      try {
        await current.close();
        if (!exited) logger.info({ resource: name, phase }, `closed ${name}`);
      } catch (error) {
        // Keep going: one failed close must not leave the remaining clients open.
        failed = true;
        if (!exited) logger.error({ resource: name, phase, err: error }, `failed to close ${name}`);
      }
    }
    current = undefined;
    clearTimeout(timer);
    if (exited) return;
    const code = failed ? 1 : exitCode;
    logger.info({ exitCode: code }, 'shutdown complete');
    finish(code);
  }

  const shutdown: Shutdown = {
    register(name, close, phase = 'clients') {
      const resource = { name, phase, close };
      resources.push(resource);
      if (started) {
        // Too late to be ordered (its phase may be over already): close it next rather than leak it.
        logger.warn({ resource: name, phase }, `${name} registered during shutdown; closing it next`);
        pending.unshift(resource);
      }
    },
    run(reason, exitCode = 0) {
      if (!running) {
        started = true;
        running = sequence(reason, exitCode);
      }
      return running;
    },
    force,
    isShuttingDown: () => started,
    installSignalHandlers: (signalOptions) => installSignalHandlers(shutdown, logger, signalOptions),
  };
  return shutdown;
}
