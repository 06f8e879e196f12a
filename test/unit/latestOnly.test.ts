import assert from 'node:assert/strict';
import { LatestOnly } from '../../src/vscode/latestOnly';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('LatestOnly (progress steps from a busy agent)', () => {
  it('a burst of 10,000 steps is two updates, the first and the newest, none after dispose', async () => {
    const seen: string[] = [];
    const steps = new LatestOnly<string>((text) => seen.push(text), 30);
    for (let i = 1; i <= 10_000; i++) steps.push(`step ${i}`);
    assert.deepEqual(seen, ['step 1']);
    await sleep(60);
    assert.deepEqual(seen, ['step 1', 'step 10000']);
    // After a quiet interval the next one goes at once again.
    await sleep(40);
    steps.push('later');
    assert.deepEqual(seen.at(-1), 'later');
    steps.push('dropped');
    steps.dispose();
    await sleep(60);
    assert.deepEqual(seen, ['step 1', 'step 10000', 'later']);
  });
});
