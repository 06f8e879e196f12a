/**
 * File paths named in a task's text: anything with a slash that ends in a file name, or a bare
 * file name with a known extension. Used by the [P] same-file check, so one file is spelled one
 * way (`./` and trailing punctuation dropped) and directories or "and/or" do not count.
 */

const EXTENSIONS = 'ts|tsx|js|jsx|mjs|cjs|json|py|go|rs|java|kt|kts|swift|cs|csproj|rb|php|c|h|cpp|hpp|md|yml|yaml|toml|xml|html|css|scss|sql|sh|gradle|vue|svelte|dart|ex|exs|lock|env|txt|cfg|ini|mod|sum|tf|erb|proto|graphql';
const PATH = new RegExp(`(?:^|[\\s(\`'"])((?:\\.{0,2}/)?(?:[\\w@.-]+/)+[\\w@.-]+|[\\w@-][\\w@.-]*\\.(?:${EXTENSIONS}))(?=$|[\\s)\`'",;:_*]|\\.(?:$|\\s))`, 'g');
const KNOWN_EXTENSION = new RegExp(`\\.(?:${EXTENSIONS})$`);

/** Names that look like files but are products ("Initialize the Node.js project"). */
const PRODUCT_NAMES = /^(node|vue|next|nuxt|react|express|d3|three|chart|ember|backbone|angular|moment|nest|deno|alpine|solid|svelte)\.js$/i;

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
