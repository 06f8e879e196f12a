// Waiting helpers shared by the integration suites (they run in the extension host).

/** Polls `check` every 200 ms until it returns something truthy, which it then returns. */
const until = async (what, check, timeoutMs = 60000) => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** The summary of an operation once it reached a final status. */
const finished = (api, id) => until(`operation ${id} to finish`, () => {
  const op = api.operation(id);
  return op && ['succeeded', 'failed', 'cancelled', 'timedOut'].includes(op.status) ? op : undefined;
});

module.exports = { until, finished };
