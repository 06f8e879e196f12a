/** The lines a child process prints, and ways to wait for one. */
export function lineWatcher(stream: NodeJS.ReadableStream): { waitFor(line: string): Promise<void>; next(test: (line: string) => boolean): Promise<string> } {
  const seen: string[] = [];
  let buffer = '';
  stream.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    seen.push(...lines);
  });
  const next = async (test: (line: string) => boolean): Promise<string> => {
    for (;;) {
      const found = seen.find(test);
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { next, waitFor: async (line) => { await next((l) => l === line); } };
}
