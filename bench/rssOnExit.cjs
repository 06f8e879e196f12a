// Preloaded by bench/tasksFile.ts: reports the process's peak RSS (KiB) and CPU time (µs, user +
// system, all threads) on stderr when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`maxRSS=${usage.maxRSS} cpu=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
