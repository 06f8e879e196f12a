/**
 * `pathsOf` as src/core/features/tasks/files.ts wrote it before the speed work (each match cleaned
 * by expressions), kept as the reference taskLineScanner.test.ts compares it with. The expressions
 * that find paths were not changed and are shared. Not used by the extension.
 */
import { isFeatureDocument, KNOWN_EXTENSION, PATH, PRODUCT_NAMES } from '../../../src/core/features/tasks/files';

/** Both at once: the source files and the feature documents a text names. */
export function pathsOf(description: string): { files: string[]; documents: string[] } {
  // Most task lines name a path by a slash or a dot: skip the expression when neither is there.
  if (!description.includes('/') && !description.includes('.')) return { files: [], documents: [] };
  const found = new Set<string>();
  // An exec loop on the shared expression (not re-entered below): matchAll copies it per call.
  PATH.lastIndex = 0;
  for (let m = PATH.exec(description); m; m = PATH.exec(description)) {
    const path = m[1].replace(/[._]+$/, '').replace(/^\.\//, '');
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!/\.[A-Za-z0-9]{1,10}$/.test(name) || /^https?:/.test(path)) continue;
    if (!path.includes('/') && (!KNOWN_EXTENSION.test(name) || PRODUCT_NAMES.test(name))) continue;
    found.add(path);
  }
  const files: string[] = [];
  const documents: string[] = [];
  for (const path of found) (isFeatureDocument(path) ? documents : files).push(path);
  return { files, documents };
}
