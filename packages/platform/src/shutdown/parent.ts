// Owns noticing that the process which started this one is gone. A parent that dies abruptly
// (SIGKILL, a crash, an `npm` killed with SIGTERM, which exits without signalling its child) does
// not tell its child anything: the child is re-parented and keeps running, holding ports, data
// directories and its own children. Node has no PR_SET_PDEATHSIG, so the parent pid is checked on
// a timer (unref'd: it never keeps the process alive); a change means re-parenting, and `onGone`
// runs once — typically the same ordered shutdown a SIGTERM starts.
export function onParentGone(onGone: () => void, options: { intervalMs?: number } = {}): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
