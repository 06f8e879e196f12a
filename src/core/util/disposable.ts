/** Anything that holds a resource; the owner calls dispose() once it is done with it. */
export interface Disposable {
  dispose(): void;
}

export const toDisposable = (fn: () => void): Disposable => {
  let done = false;
  return { dispose: () => { if (!done) { done = true; fn(); } } };
};

/** Disposes everything it holds, newest first; adding to a disposed store disposes at once. */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) {
      try { item.dispose(); } catch { /* one failing disposer must not keep the others alive */ }
    }
  }
}
