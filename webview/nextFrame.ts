/** A page stops painting while hidden; the store still applies what arrives within this. */
const HIDDEN_PAGE_DELAY_MS = 100;

/**
 * Runs `run` once, before the next paint, or after a short delay when the page is hidden and no
 * paint comes: what arrives in between (a replay of thousands of events) is applied as one batch.
 */
export function nextFrame(run: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    run();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, HIDDEN_PAGE_DELAY_MS);
}
