// Preloaded by bench/tasksFile.ts: reports the process's peak RSS (KiB) on stderr when it exits.
process.on('exit', () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`));
