// Helpers of the packaged-extension suites: the installed extension, its files, its icon's size,
// the links of its README, and answering a quick pick the way a user would.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until } = require('../waits');

/** The Specwright VS Code knows; fails when it is missing. */
const installedSpecwright = () => {
  const ext = vscode.extensions.getExtension('specwright.specwright');
  if (!ext) throw new Error('specwright.specwright is not installed in this VS Code');
  return ext;
};

/** Every file under `dir`, as `/`-separated paths relative to it. */
const listFiles = (dir) => fs.readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
  .sort();

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (bytes) => {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

/** GitHub's heading anchors (the ones the README's `#…` links are written against). */
const headingAnchors = (markdown) => new Set(withoutCode(markdown).split('\n')
  .map((line) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1])
  .filter((text) => text !== undefined)
  .map((text) => text.replace(/[`*_]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim().toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-')));

/** Fenced blocks and inline code hold text that only looks like links. */
const withoutCode = (markdown) => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '``');

/**
 * What is wrong with the README's links as the package holds them: an anchor no heading makes, a
 * relative path to a file the package does not have, or a scheme other than https/mailto.
 */
const readmeLinkProblems = (readme, packageFiles) => {
  const anchors = headingAnchors(readme);
  const text = withoutCode(readme);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
  ];
  const problems = [];
  for (const target of targets) {
    if (target.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(target.slice(1)))) problems.push(`${target}: no such heading`);
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      if (!/^(https|mailto):/i.test(target)) problems.push(`${target}: not https`);
    } else {
      const file = path.posix.normalize(decodeURIComponent(target.split('#')[0]));
      if (!packageFiles.some((f) => f.toLowerCase() === file.toLowerCase())) problems.push(`${target}: not in the package`);
    }
  }
  return problems;
};

/**
 * Runs a quick-input command (`workbench.action.acceptSelectedQuickOpenItem`, `…closeQuickOpen`)
 * until the command that opened the picker has returned: the picker appears only after whatever
 * that command does first (Select Agent detects the agents).
 */
const drivePicker = async (picking, action) => {
  let settled = false;
  const result = Promise.resolve(picking).finally(() => { settled = true; });
  await until(`the picker to close with ${action}`, async () => {
    if (!settled) await vscode.commands.executeCommand(action);
    return settled;
  });
  return result;
};

module.exports = { installedSpecwright, listFiles, pngSize, readmeLinkProblems, drivePicker };
