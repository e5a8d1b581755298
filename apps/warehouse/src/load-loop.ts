// Runs load rounds one after another with a pause between them, until stopped. A round that
// throws is reported and the loop goes on (the next round retries: loads are idempotent). stop()
// returns once the round in flight, if any, has finished, so shutdown never cuts a load in half.

export interface LoadLoop {
  stop(): Promise<void>;
}

export interface LoadLoopOptions {
  round: () => Promise<void>;
  intervalMs: number;
  onError: (error: unknown) => void;
}

export function startLoadLoop(options: LoadLoopOptions): LoadLoop {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = () => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.intervalMs);
    wake = () => { clearTimeout(timer); resolve(); };
  });
  const done = (async () => {
    while (!stopped) {
      try {
        await options.round();
      } catch (error) {
        options.onError(error);
      }
      if (!stopped) await pause();
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
