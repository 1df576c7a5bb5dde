import * as path from 'node:path';
import type { InitializeParams } from 'vscode-languageserver/node';
import { loadConfigFile, validateSettings } from '../engine/config';
import { isFileIncluded } from '../engine/files';
import { DEFAULT_SETTINGS, mergeSettings, type Settings } from '../engine/settings';

/**
 * The editor's effective settings: defaults < the editor's `leastpriv` settings < the workspace's
 * `.leastpriv.json` / `.leastpriv.yaml` (what CI uses, so the editor and `leastpriv scan` agree).
 * For `rules` the merge is per rule id; every other option in the file replaces the editor's.
 */
export function effectiveSettings(editorRaw: unknown, root: string | undefined): { settings: Settings; warnings: string[]; file?: string } {
  const editor = validateSettings(editorRaw ?? {});
  let settings = mergeSettings(DEFAULT_SETTINGS, editor.settings);
  const warnings = editor.warnings.map((w) => `setting ${w}`);
  if (!root) return { settings, warnings };
  const cfg = loadConfigFile(undefined, root);
  if (cfg.error) warnings.push(cfg.error);
  if (cfg.file) {
    settings = mergeSettings(settings, cfg.settings);
    warnings.push(...cfg.warnings.map((w) => `${path.basename(cfg.file!)}: ${w}`));
  }
  return { settings, warnings, file: cfg.file };
}

/** The first workspace folder (or rootUri) as a local path, where `.leastpriv.json` is looked for. */
export function workspaceRoot(params: InitializeParams): string | undefined {
  const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  if (uri) return uriToPath(uri);
  return params.rootPath ?? undefined;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  try {
    return decodeURIComponent(uri.replace(/^file:\/\//, '').replace(/^\/([A-Za-z]:)/, '$1'));
  } catch {
    return undefined;
  }
}

/** `enable` and `files.include`/`files.exclude` (only for files on disk: untitled buffers are always analysed). */
export function shouldAnalyse(settings: Settings, uri: string): boolean {
  if (settings.enable === false) return false;
  const p = uriToPath(uri);
  return p === undefined || isFileIncluded(settings, p);
}
