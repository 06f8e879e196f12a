/**
 * The feature a CLI command works on when none is named: spec-kit's current feature
 * (`SPECIFY_FEATURE_DIRECTORY`, else `.specify/feature.json` of the spec-kit project around the
 * workspace or current directory). Says on stderr which folder it took and why.
 */
import { relative } from 'node:path';
import { currentFeature, specKitRoot } from '../core/features/currentFeature';

export async function defaultFeatureDir(workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const root = (await specKitRoot(workspace)) ?? workspace;
  const found = await currentFeature(root, env);
  if (!found) return undefined;
  const said = found.source === 'env' ? 'SPECIFY_FEATURE_DIRECTORY' : '.specify/feature.json';
  process.stderr.write(`specwright: no feature folder given: using ${relative(process.cwd(), found.path) || '.'} (${said})\n`);
  return found.path;
}

/** Appended to "needs a feature folder" errors. */
export const CURRENT_FEATURE_HINT = 'or run it in a spec-kit project whose .specify/feature.json names the current feature';
