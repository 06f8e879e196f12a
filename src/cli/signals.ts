/**
 * Ctrl+C (SIGINT) and SIGTERM for the whole CLI. Node's default reaction to them ends the process
 * at once without its `exit` event, so the process trees of agents and probes (spawned in their
 * own process groups, tracked by core/runner/activeRuns) would live on, re-parented to init: a
 * `copilot --version` that never returns would run for ever. With this guard:
 * - while a command listens for the signal itself (generate, run, serve cancel their work
 *   cleanly and exit 130), the first one is theirs;
 * - otherwise (detection, probes, start-up), or at a second Ctrl+C, the CLI exits at once with
 *   130 (143 for SIGTERM), and the `exit` event kills every tracked tree.
 */
export function guardSignals(exit: (code: number) => never = (code) => process.exit(code)): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    let seen = 0;
    process.on(signal, () => {
      seen += 1;
      const commandListens = process.listenerCount(signal) > 1;
      if (commandListens && seen === 1) return;
      if (signal === 'SIGINT') process.stderr.write('\nStopped.\n');
      exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}
