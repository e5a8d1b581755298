// Owns the translation of OS signals into shutdown: the first SIGTERM/SIGINT starts the ordered
// sequence, a second one means the operator (or the orchestrator) is out of patience and forces
// the exit. Handlers stay installed, so the default "die immediately" behaviour never applies.
import type { Shutdown, ShutdownLogger } from './shutdown.js';

export interface SignalOptions {
  readonly signals?: readonly NodeJS.Signals[];
}

export function installSignalHandlers(
  shutdown: Pick<Shutdown, 'run' | 'force' | 'isShuttingDown'>,
  logger: ShutdownLogger,
  options: SignalOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown.isShuttingDown()) {
      shutdown.force(`second signal ${signal}`);
      return;
    }
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
