import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  ttf: 'font/ttf',
  woff: 'font/woff',
  woff2: 'font/woff2',
  svg: 'image/svg+xml',
  png: 'image/png',
  map: 'application/json; charset=utf-8',
};

/** One flat name with a known extension: no folders, no dot-files, so nothing outside the bundle folder is reachable. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.([a-z0-9]+)$/;

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** Reads a file of the webview bundle (`dist/webview`) by its URL path, or undefined when it is not one. */
export async function readStaticFile(dir: string, urlPath: string): Promise<StaticFile | undefined> {
  const name = urlPath.startsWith('/') ? urlPath.slice(1) : urlPath;
  const match = SAFE_NAME.exec(name);
  if (!match || name.includes('..')) return undefined;
  const contentType = CONTENT_TYPES[match[1]];
  if (!contentType) return undefined;
  try {
    return { body: await readFile(join(dir, name)), contentType };
  } catch {
    return undefined;
  }
}
