/**
 * The offline scaffold's design decisions, shared by its plan.md and tasks.md so the two agree:
 * which stack (from the user's words, else a stated default), which file each requirement, entity,
 * story and success criterion lands in. Plain rules, no AI; every choice is written down in the
 * plan for a human to review.
 */
import type { SpecOutline, SpecRequirement, SpecStory } from '../../features/specOutline';

export interface Stack {
  language: string;
  /** Language/Version line of the plan. */
  version: string;
  ext: string;
  testing: string;
  /** Dependency manifest and lint configuration files (Setup tasks). */
  manifest: string;
  lintConfig: string;
  /** True when nothing in the user's words named a language and the default was taken. */
  assumed: boolean;
  testFile: (dir: string, slug: string) => string;
  sourceFile: (dir: string, slug: string) => string;
}

const kebab = (dir: string, slug: string, ext: string) => `${dir}/${slug}.${ext}`;
const snake = (dir: string, slug: string, ext: string) => `${dir}/${slug.replace(/-/g, '_')}.${ext}`;
const pascal = (dir: string, slug: string, ext: string) => `${dir}/${slug.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}.${ext}`;

interface StackRule extends Omit<Stack, 'assumed' | 'testFile' | 'sourceFile'> {
  pattern: RegExp;
  style: 'kebab' | 'snake' | 'pascal';
  testStyle: (dir: string, slug: string) => string;
}

const STACKS: StackRule[] = [
  { pattern: /\btypescript\b|\bts\b|\bdeno\b/i, language: 'TypeScript', version: 'TypeScript 5 on Node.js 20', ext: 'ts', testing: 'mocha + node:assert', manifest: 'package.json', lintConfig: 'eslint.config.js', style: 'kebab', testStyle: (d, s) => `${d}/${s}.test.ts` },
  { pattern: /\bjavascript\b|\bnode(\.js)?\b|\bjs\b/i, language: 'JavaScript', version: 'JavaScript (ES2022) on Node.js 20', ext: 'js', testing: 'node:test', manifest: 'package.json', lintConfig: 'eslint.config.js', style: 'kebab', testStyle: (d, s) => `${d}/${s}.test.js` },
  { pattern: /\bpython\b|\bdjango\b|\bfastapi\b|\bflask\b/i, language: 'Python', version: 'Python 3.12', ext: 'py', testing: 'pytest', manifest: 'pyproject.toml', lintConfig: 'ruff.toml', style: 'snake', testStyle: (d, s) => `${d}/test_${s.replace(/-/g, '_')}.py` },
  { pattern: /\bgolang\b|\bgo\s*1\.\d+|\b(?:in|with|using|use) go\b/i, language: 'Go', version: 'Go 1.22', ext: 'go', testing: 'go test', manifest: 'go.mod', lintConfig: '.golangci.yml', style: 'snake', testStyle: (d, s) => `${d}/${s.replace(/-/g, '_')}_test.go` },
  { pattern: /\brust\b|\bcargo\b/i, language: 'Rust', version: 'Rust 1.80', ext: 'rs', testing: 'cargo test', manifest: 'Cargo.toml', lintConfig: 'rustfmt.toml', style: 'snake', testStyle: (d, s) => `${d}/${s.replace(/-/g, '_')}.rs` },
  { pattern: /\bkotlin\b/i, language: 'Kotlin', version: 'Kotlin 2.0 on the JVM', ext: 'kt', testing: 'JUnit 5', manifest: 'build.gradle.kts', lintConfig: '.editorconfig', style: 'pascal', testStyle: (d, s) => pascal(d, `${s}-test`, 'kt') },
  { pattern: /\bjava\b|\bspring\b/i, language: 'Java', version: 'Java 21', ext: 'java', testing: 'JUnit 5', manifest: 'pom.xml', lintConfig: 'checkstyle.xml', style: 'pascal', testStyle: (d, s) => pascal(d, `${s}-test`, 'java') },
  { pattern: /\bswift\b|\bios\b/i, language: 'Swift', version: 'Swift 5.10', ext: 'swift', testing: 'XCTest', manifest: 'Package.swift', lintConfig: '.swiftlint.yml', style: 'pascal', testStyle: (d, s) => pascal(d, `${s}-tests`, 'swift') },
  { pattern: /\bc#|\.net\b|\bdotnet\b|\bcsharp\b/i, language: 'C#', version: 'C# 12 on .NET 8', ext: 'cs', testing: 'xUnit', manifest: 'App.csproj', lintConfig: '.editorconfig', style: 'pascal', testStyle: (d, s) => pascal(d, `${s}-tests`, 'cs') },
  { pattern: /\bruby\b|\brails\b/i, language: 'Ruby', version: 'Ruby 3.3', ext: 'rb', testing: 'RSpec', manifest: 'Gemfile', lintConfig: '.rubocop.yml', style: 'snake', testStyle: (d, s) => `${d}/${s.replace(/-/g, '_')}_spec.rb` },
];

/** The stack named in `text` (a plan prompt, or a plan's Language/Version line); TypeScript when none is. */
export function stackOf(text: string): Stack {
  const found = STACKS.find((s) => s.pattern.test(text));
  const rule = found ?? STACKS[0];
  const { pattern: _pattern, style, testStyle, ...rest } = rule;
  const place = style === 'snake' ? snake : style === 'pascal' ? pascal : kebab;
  return { ...rest, assumed: !found, testFile: testStyle, sourceFile: (dir, slug) => place(dir, slug, rule.ext) };
}

export interface StoryDesign {
  story: SpecStory;
  /** US1, US2, … */
  tag: string;
  slug: string;
  serviceFile: string;
  interfaceFile: string;
  testFile: string;
  requirements: SpecRequirement[];
}

export interface FileDesign {
  title: string;
  file: string;
  requirement?: SpecRequirement;
}

export interface Design {
  stack: Stack;
  models: FileDesign[];
  /** Requirements no single story owns (validation, auth, retention…): built before the stories. */
  foundation: FileDesign[];
  stories: StoryDesign[];
  /** One acceptance check per success criterion. */
  criteria: FileDesign[];
}

const STOP = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'as', 'is', 'are', 'be', 'it', 'its',
  'them', 'they', 'their', 'this', 'that', 'can', 'must', 'should', 'may', 'will', 'system', 'allow', 'allows', 'user', 'users', 'what',
  'when', 'which', 'who', 'via', 'all', 'any', 'each', 'every', 'one', 'so', 'not', 'no', 'tell', 'plain', 'words', 'needs', 'clarification',
]);

/** Meaningful lower-case words of a phrase (markers and markup dropped). */
export function wordsOf(text: string): string[] {
  return text
    .replace(/\[NEEDS CLARIFICATION:[^\]]*\]/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

export const slugOf = (text: string, words = 3): string => wordsOf(text).slice(0, words).join('-') || 'feature';

const stem = (w: string) => w.slice(0, 5);

export function designOf(outline: SpecOutline, stack: Stack): Design {
  const used = new Set<string>();
  const unique = (path: string) => {
    let candidate = path;
    for (let n = 2; used.has(candidate); n++) candidate = path.replace(/(\.[^./]+)$/, `-${n}$1`);
    used.add(candidate);
    return candidate;
  };

  const models = outline.entities.map((e) => ({ title: e.name, file: unique(stack.sourceFile('src/models', slugOf(e.name, 2))) }));
  const stories: StoryDesign[] = outline.stories.map((story) => {
    const slug = slugOf(story.title);
    return {
      story, tag: `US${story.number}`, slug,
      serviceFile: unique(stack.sourceFile('src/services', slug)),
      interfaceFile: unique(stack.sourceFile('src/api', slug)),
      testFile: unique(stack.testFile('tests/integration', slug)),
      requirements: [],
    };
  });

  const foundation: FileDesign[] = [];
  for (const req of outline.requirements.filter((r) => r.kind === 'FR')) {
    const owner = bestStory(req, stories);
    if (owner) owner.requirements.push(req);
    else foundation.push({ title: req.text, requirement: req, file: unique(stack.sourceFile('src/lib', slugOf(req.text, 2))) });
  }
  const criteria = outline.requirements
    .filter((r) => r.kind === 'SC')
    .map((req) => ({ title: req.text, requirement: req, file: unique(stack.testFile('tests/acceptance', req.id.toLowerCase())) }));
  return { stack, models, foundation, stories, criteria };
}

/** The story a requirement shares the most words with (at least two), so "allow users to share an album" lands in the sharing story. */
function bestStory(req: SpecRequirement, stories: StoryDesign[]): StoryDesign | undefined {
  const reqStems = new Set(wordsOf(req.text).map(stem));
  let best: StoryDesign | undefined;
  let bestScore = 1;
  for (const s of stories) {
    const storyStems = new Set(wordsOf(`${s.story.title} ${s.story.summary}`).map(stem));
    const score = [...reqStems].filter((w) => storyStems.has(w)).length;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
