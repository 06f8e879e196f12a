/**
 * File paths named in a task's text: anything with a slash that ends in a file name, or a bare
 * file name with a known extension. Used by the [P] same-file check, so one file is spelled one
 * way (`./` and trailing punctuation dropped) and directories or "and/or" do not count.
 */

// PATH, KNOWN_EXTENSION and PRODUCT_NAMES are exported for the test oracle of pathsOf
// (test/unit/helpers/filesRegex.ts), which cleans their matches the way this file did before.
const EXTENSIONS = 'ts|tsx|js|jsx|mjs|cjs|json|py|go|rs|java|kt|kts|swift|cs|csproj|rb|php|c|h|cpp|hpp|md|yml|yaml|toml|xml|html|css|scss|sql|sh|gradle|vue|svelte|dart|ex|exs|lock|env|txt|cfg|ini|mod|sum|tf|erb|proto|graphql';
export const PATH = new RegExp(`(?:^|[\\s(\`'"])((?:\\.{0,2}/)?(?:[\\w@.-]+/)+[\\w@.-]+|[\\w@-][\\w@.-]*\\.(?:${EXTENSIONS}))(?=$|[\\s)\`'",;:_*]|\\.(?:$|\\s))`, 'g');
export const KNOWN_EXTENSION = new RegExp(`\\.(?:${EXTENSIONS})$`);

/** Names that look like files but are products ("Initialize the Node.js project"). */
export const PRODUCT_NAMES = /^(node|vue|next|nuxt|react|express|d3|three|chart|ember|backbone|angular|moment|nest|deno|alpine|solid|svelte)\.js$/i;

/**
 * The feature's own documents (spec-kit's and Kiro's): a task that works "per data-model.md" reads
 * them, it does not edit them, so they never make two [P] tasks collide.
 */
const DOCUMENT = /^(?:(?:specs|\.specify|\.kiro)\/.*|contracts\/.*|checklists\/.*|(?:spec|plan|tasks|research|data-model|quickstart|requirements|design|constitution)\.md)$/i;

export function isFeatureDocument(path: string): boolean {
  return DOCUMENT.test(path);
}

/** Source files named in the text (feature documents left out: see `documentsOf`). */
export function filesOf(description: string): string[] {
  return pathsOf(description).files;
}

/** Feature documents named in the text: spec.md, plan.md, research.md, data-model.md, contracts/… */
export function documentsOf(description: string): string[] {
  return pathsOf(description).documents;
}

// Expressions used per task line live here: a literal in a function is a new RegExp object per call.
const TRAILING_DOTS = /[._]+$/;
const DOT_SLASH = /^\.\//;
const NAME_EXTENSION = /\.[A-Za-z0-9]{1,10}$/;
const URL = /^https?:/;

/** Where pathsOf collects what it finds (it is not reentrant), `foundCount` of them; never emptied, so its room is allocated once. */
const FOUND: string[] = [];
let foundCount = 0;

/** Both at once: the source files and the feature documents a text names. */
export function pathsOf(description: string): { files: string[]; documents: string[] } {
  return pathsInto(description, { files: [], documents: [] });
}

export interface PathLists {
  files: string[];
  documents: string[];
}

/**
 * pathsOf into `out` (returned): for the parser, which keeps one `out` for every task and gives
 * `empty` (its shared frozen list) for a list with nothing in it, so a task line makes no result
 * object and no empty arrays. Without `empty`, an empty list is a new array.
 */
export function pathsInto(description: string, out: PathLists, empty?: string[]): PathLists {
  // Most task lines name a path by a slash or a dot: skip the expression when neither is there.
  if (!description.includes('/') && !description.includes('.')) {
    out.files = empty ?? [];
    out.documents = empty ?? [];
    return out;
  }
  foundCount = 0;
  let documents = 0;
  // An exec loop on the shared expression (not re-entered below): matchAll copies it per call.
  PATH.lastIndex = 0;
  for (let m = PATH.exec(description); m; m = PATH.exec(description)) {
    // Each expression only where it can change something: most paths end in a letter and start with one.
    let path = m[1];
    const last = path.charCodeAt(path.length - 1);
    if (last === 46 || last === 95) path = path.replace(TRAILING_DOTS, '');
    if (path.charCodeAt(0) === 46 && path.charCodeAt(1) === 47) path = path.replace(DOT_SLASH, '');
    // The file name's extension, tested on the whole path: an extension holds no slash.
    if (!NAME_EXTENSION.test(path) || (path.charCodeAt(0) === 104 && URL.test(path))) continue;
    if (!path.includes('/') && (!KNOWN_EXTENSION.test(path) || PRODUCT_NAMES.test(path))) continue;
    if (seen(path)) continue;
    FOUND[foundCount++] = path;
    if (isFeatureDocument(path)) documents += 1;
  }
  // Exact-size copies (an array pushed to keeps room for 17), and nothing left reachable from FOUND.
  if (documents === 0) {
    out.files = foundCount ? FOUND.slice(0, foundCount) : (empty ?? []);
    out.documents = empty ?? [];
  } else if (documents === foundCount) {
    out.files = empty ?? [];
    out.documents = FOUND.slice(0, foundCount);
  } else {
    const files: string[] = [];
    const docs: string[] = [];
    for (let i = 0; i < foundCount; i++) (isFeatureDocument(FOUND[i]) ? docs : files).push(FOUND[i]);
    out.files = files;
    out.documents = docs;
  }
  for (let i = 0; i < foundCount; i++) FOUND[i] = '';
  return out;
}

function seen(path: string): boolean {
  for (let i = 0; i < foundCount; i++) if (FOUND[i] === path) return true;
  return false;
}
