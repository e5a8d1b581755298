// Ctrl-C for the stack. One press reaches the launcher more than once: the terminal signals the
// whole foreground group (npm, tsx, node), and tsx relays the signal to its child when the child
// does not acknowledge it within ~30 ms (a loaded machine). platform's handler takes any second
// signal as "force exit now", which then skipped closing the apps and flushing the broker. Here a
// copy within a second is the same press; a later one still forces the exit.
import type { Shutdown } from '@tessera/platform/shutdown';

const SAME_PRESS_MS = 1_000;

export function installStackSignals(shutdown: Shutdown, logger: { info(fields: object, message: string): void }): void {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstAt === undefined) {
      firstAt = now;
      logger.info({ signal }, `received ${signal}`);
      void shutdown.run(`signal ${signal}`);
    } else if (now - firstAt >= SAME_PRESS_MS) {
      shutdown.force(`second signal ${signal}`);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
