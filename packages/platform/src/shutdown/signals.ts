// Owns the translation of OS signals into shutdown: the first SIGTERM/SIGINT starts the ordered
// sequence, a second one means the operator (or the orchestrator) is out of patience and forces
// the exit. Handlers stay installed, so the default "die immediately" behaviour never applies.
//
// One Ctrl-C can reach a process more than once: the terminal signals the whole foreground group
// (npm, tsx, node), and npm and tsx each relay the signal to their child as well. So the same
// signal again within `repeatWindowMs` of the first is the same request (logged, not acted on);
// a different signal, or the same one later, still forces the exit.
import type { Shutdown, ShutdownLogger } from './shutdown.js';

/** How long a repeat of the first signal counts as a relayed copy of it (default). */
export const SIGNAL_REPEAT_WINDOW_MS = 1_000;

export interface SignalOptions {
  readonly signals?: readonly NodeJS.Signals[];
  /** A repeat of the first signal within this many ms is the same request; 0 = every repeat forces. */
  readonly repeatWindowMs?: number;
}

export function installSignalHandlers(
  shutdown: Pick<Shutdown, 'run' | 'force' | 'isShuttingDown'>,
  logger: ShutdownLogger,
  options: SignalOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const repeatWindowMs = options.repeatWindowMs ?? SIGNAL_REPEAT_WINDOW_MS;
  // Monotonic: a wall-clock step must not turn a relayed copy into a forced exit.
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    const at = performance.now();
    if (shutdown.isShuttingDown()) {
      if (first?.signal === signal && at - first.at < repeatWindowMs) {
        logger.info({ signal, afterMs: Math.round(at - first.at) }, `repeated ${signal} treated as the same request`);
        return;
      }
      shutdown.force(`second signal ${signal}`);
      return;
    }
    first = { signal, at };
    logger.info({ signal }, `received ${signal}`);
    // run() never rejects (close failures are logged and counted); the catch is belt and braces.
    shutdown.run(`signal ${signal}`).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown sequence failed');
      shutdown.force('shutdown sequence failed');
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
