import { globMatchesPath } from './suppress';
import type { Settings } from './settings';

/** Defaults of `files.include` / `files.exclude` (the VS Code settings declare the same). */
export const DEFAULT_INCLUDE = ['**/*'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/cdk.out/**', '**/.aws-sam/**'];

/** Whether `files.include`/`files.exclude` let the editor analyse this path (globs match at the end of the path). */
export function isFileIncluded(settings: Settings, filePath: string): boolean {
  const include = settings.files?.include ?? DEFAULT_INCLUDE;
  const exclude = settings.files?.exclude ?? DEFAULT_EXCLUDE;
  if (include.length && !include.some((g) => globMatchesPath(g, filePath))) return false;
  return !exclude.some((g) => globMatchesPath(g, filePath));
}
