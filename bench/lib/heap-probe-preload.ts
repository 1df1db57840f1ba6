// Preloaded into the language server by the server benchmark (`node --expose-gc -r …`): on SIGUSR2 it
// runs a full collection and writes `heap-probe {heapUsed, rss}` (bytes) as one line to stderr.
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('heap-probe-preload needs node --expose-gc');

process.on('SIGUSR2', () => {
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`heap-probe ${JSON.stringify({ heapUsed, rss })}\n`);
});
