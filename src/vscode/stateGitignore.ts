/**
 * `.specwright/` of a workspace folder holds Specwright's local state (document versions, the
 * operations journal): hundreds of files that would flood Source Control. The first time it
 * exists, a `.specwright/.gitignore` that ignores them is written, once per folder (a user who
 * deletes it is not overruled). `config.json`, the shared agent settings, stays committable.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OperationBus } from '../core/operations/bus';

export const STATE_GITIGNORE = [
  '# Specwright\'s local state (document versions, the operations journal): not for the repository.',
  '# config.json holds the agent settings the team shares: commit it if you like.',
  '*',
  '!.gitignore',
  '!config.json',
  '',
].join('\n');

export class StateGitignore implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(private readonly memento: vscode.Memento, bus: OperationBus, private readonly roots: () => readonly string[], private readonly log: vscode.LogOutputChannel) {
    // The journal writes .specwright/ when an operation starts; its end is a good time to look.
    this.subscription = bus.onOperation(() => void this.ensure());
    void this.ensure();
  }

  async ensure(): Promise<void> {
    for (const root of this.roots()) {
      const dir = join(root, '.specwright');
      const key = `specwright.stateGitignore:${root}`;
      if (!existsSync(dir) || this.memento.get<boolean>(key)) continue;
      await this.memento.update(key, true);
      const file = join(dir, '.gitignore');
      if (existsSync(file)) continue;
      try {
        await writeFile(file, STATE_GITIGNORE, { flag: 'wx' });
        this.log.info(`Wrote ${file}: Specwright's versions and journal stay out of Source Control.`);
      } catch (error) {
        this.log.warn(`Could not write ${file}: ${String(error)}`);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
