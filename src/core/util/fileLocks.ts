/**
 * Runs `work` after every earlier piece of work on the same file has finished: two writers of one
 * file (two tasks ticking tasks.md, two runs saving done-tasks.json) must not both read the old
 * text and write back their own change only.
 */
export class FileLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async with<T>(path: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(path) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(path, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(path) === tail) this.tails.delete(path);
    }
  }
}
