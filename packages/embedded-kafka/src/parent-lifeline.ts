// Owns the broker process's lifeline to whoever started it: a pipe on stdin that the starter
// never writes to. When the starter exits for any reason, SIGKILL included, the kernel closes its
// end and the broker sees end-of-file, so a benchmark or test that dies cannot leave a broker
// holding its port and data directory. (Node has no PR_SET_PDEATHSIG; polling the parent pid
// misses wrappers that stay alive.) Only meaningful when stdin is a pipe: a terminal or /dev/null
// would read as "closed" or never close.
import { fstatSync } from 'node:fs';

/** Calls `onClosed` once stdin, a pipe, reaches end-of-file or fails; throws if stdin is not a pipe. */
export function onStdinClosed(onClosed: () => void): void {
  const stdin = fstatSync(0);
  // Node's child_process pipes are socket pairs; a shell pipe is a FIFO.
  if (!stdin.isFIFO() && !stdin.isSocket()) throw new Error('--exit-with-parent needs stdin to be a pipe from the starting process');
  let fired = false;
  const fire = () => {
    if (fired) return;
    fired = true;
    onClosed();
  };
  process.stdin.on('data', () => {}); // nothing is expected; reading is what detects the end
  process.stdin.once('end', fire);
  process.stdin.once('close', fire);
  process.stdin.once('error', fire);
}
