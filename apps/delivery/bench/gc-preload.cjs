// Loaded into both servers by the benchmark only (node --expose-gc --require): on SIGUSR2, run a
// full garbage collection and print the memory use, so connections are measured as live memory,
// not as whatever garbage the handshakes left behind. Same treatment for both servers.
process.on('SIGUSR2', () => {
  if (global.gc) { global.gc(); global.gc(); }
  const m = process.memoryUsage();
  process.stderr.write(`${JSON.stringify({ benchMemory: { rss: m.rss, heapUsed: m.heapUsed, external: m.external } })}\n`);
});
