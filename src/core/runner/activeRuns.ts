import { killTreeNow } from './killTree';
import { releaseWatchdog, unwatchGroup, watchGroup } from './watchdog';

/**
 * Process trees of runs still going, so they can be killed if the host process exits first.
 * The children are spawned detached (their own process group, so the tree can be killed as one),
 * which also means nothing else takes them down with us: a terminal's Ctrl+C or the extension
 * host's death would otherwise leave an agent running unattended, still editing files. The exit
 * handler covers a host that exits; the watchdog (watchdog.ts) one killed with SIGKILL.
 */
const active = new Set<number>();

function killActiveTrees(): void {
  for (const pid of active) {
    try {
      killTreeNow(pid);
    } catch {
      // Exiting anyway; the other trees still deserve their attempt.
    }
  }
}

/** The listener is only installed while a run is active, so an idle runner leaves no trace. */
export function trackActiveTree(pid: number): void {
  if (active.size === 0) process.on('exit', killActiveTrees);
  active.add(pid);
  watchGroup(pid);
}

export function untrackActiveTree(pid: number): void {
  if (!active.delete(pid)) return;
  unwatchGroup(pid);
  if (active.size > 0) return;
  process.off('exit', killActiveTrees);
  releaseWatchdog();
}
