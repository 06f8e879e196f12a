// `npm start` and `npm run example:chain` work on a copy of examples/photo-app, so generated
// documents, versions and the journal never land in the tracked tree and the clone stays clean.
// The copy (in .example/, git-ignored) is made once and kept: what you generated is still there
// next time. `--fresh` starts again from the example. Prints the copy's path.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const source = resolve('examples', 'photo-app');
const target = resolve('.example', 'photo-app');
if (process.argv.includes('--fresh')) rmSync(target, { recursive: true, force: true });
if (!existsSync(join(target, '.specify'))) {
  cpSync(source, target, { recursive: true });
  process.stderr.write(`Copied examples/photo-app to .example/photo-app (git-ignored); Specwright works there.\n`);
}
process.stdout.write(`${target}\n`);
