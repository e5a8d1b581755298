// Progress of long steps: a bar on a terminal (cli-progress), plain lines elsewhere (CI logs,
// pipes), at most one line per step and per tenth of the work so a log stays short.
import { SingleBar } from 'cli-progress';

export type Progress = (step: string, done: number, total: number) => void;

export function createProgress(stream: NodeJS.WriteStream = process.stderr): { report: Progress; stop(): void } {
  if (stream.isTTY) {
    let bar: SingleBar | undefined;
    let current = '';
    return {
      report(step, done, total) {
        if (step !== current) {
          bar?.stop();
          current = step;
          bar = new SingleBar({ format: `${step.padEnd(24)} {bar} {percentage}% | {value}/{total} | {duration}s`, stream, hideCursor: true });
          bar.start(total, 0);
        }
        bar?.setTotal(total);
        bar?.update(done);
        if (done >= total) {
          bar?.stop();
          bar = undefined;
          current = '';
        }
      },
      stop: () => bar?.stop(),
    };
  }
  const lastTenth = new Map<string, number>();
  return {
    report(step, done, total) {
      const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (lastTenth.get(step) === tenth) return;
      lastTenth.set(step, tenth);
      stream.write(`${step}: ${done}/${total}\n`);
    },
    stop: () => undefined,
  };
}
