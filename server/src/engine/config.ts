import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Settings } from './settings';

/**
 * `.leastpriv.json` / `.leastpriv.yaml`: the same options as the editor settings, so that the CLI
 * in CI and the editor agree. Unknown keys and bad values are reported, never fatal.
 */
export function loadConfigFile(explicit?: string, dir = process.cwd()): { settings: Partial<Settings>; file?: string; error?: string; warnings: string[] } {
  const candidates = explicit ? [explicit] : ['.leastpriv.json', '.leastpriv.yaml', '.leastpriv.yml'].map((f) => path.join(dir, f));
  for (const file of candidates) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      if (explicit) return { settings: {}, error: `cannot read config file '${file}'`, warnings: [] };
      continue;
    }
    let raw: unknown;
    try {
      raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (e) {
      return { settings: {}, error: `config file '${file}' is not valid: ${(e as Error).message.split('\n')[0]}`, warnings: [] };
    }
    const { settings, warnings } = validateSettings(raw);
    return { settings, file, warnings };
  }
  return { settings: {}, warnings: [] };
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Keep valid options, drop invalid ones with a warning (bad settings fall back to defaults). */
export function validateSettings(raw: unknown): { settings: Partial<Settings>; warnings: string[] } {
  const warnings: string[] = [];
  const settings: Partial<Settings> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    if (raw !== undefined && raw !== null) warnings.push('settings must be an object; using defaults');
    return { settings, warnings };
  }
  const r = raw as Record<string, unknown>;
  if (r.rules !== undefined) {
    if (typeof r.rules === 'object' && r.rules && !Array.isArray(r.rules)) {
      const rules: Settings['rules'] = {};
      for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
        if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as Settings['rules'][string];
        else warnings.push(`rules.${id}: expected error, warning, info or off; ignored`);
      }
      settings.rules = rules;
    } else warnings.push('rules: expected an object of rule id → severity; ignored');
  }
  if (r.s3KmsRequired !== undefined) {
    if (r.s3KmsRequired === 'always' || r.s3KmsRequired === 'sensitive' || r.s3KmsRequired === 'never') settings.s3KmsRequired = r.s3KmsRequired;
    else warnings.push('s3KmsRequired: expected always, sensitive or never; ignored');
  }
  if (r.policyKind !== undefined) {
    if (['identity', 'resource', 'trust', 'endpoint'].includes(String(r.policyKind))) settings.policyKind = r.policyKind as Settings['policyKind'];
    else warnings.push('policyKind: expected identity, resource, trust or endpoint; ignored');
  }
  if (r.maxFileSizeKb !== undefined) {
    if (typeof r.maxFileSizeKb === 'number' && r.maxFileSizeKb > 0 && Number.isFinite(r.maxFileSizeKb)) settings.maxFileSizeKb = r.maxFileSizeKb;
    else warnings.push('maxFileSizeKb: expected a positive number; ignored');
  }
  if (r.suppressions !== undefined) {
    if (Array.isArray(r.suppressions)) {
      settings.suppressions = [];
      for (const [i, x] of r.suppressions.entries()) {
        const o = x as Record<string, unknown>;
        if (o && typeof o.path === 'string' && typeof o.rule === 'string') {
          settings.suppressions.push({ path: o.path, rule: o.rule, reason: typeof o.reason === 'string' ? o.reason : undefined });
        } else warnings.push(`suppressions[${i}]: expected {path, rule, reason}; ignored`);
      }
    } else warnings.push('suppressions: expected a list of {path, rule, reason}; ignored');
  }
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') settings.enable = r.enable;
    else warnings.push('enable: expected true or false; ignored');
  }
  if (r.files !== undefined) {
    const f = r.files as Record<string, unknown> | null;
    if (f && typeof f === 'object' && !Array.isArray(f)) {
      settings.files = {};
      for (const key of ['include', 'exclude'] as const) {
        if (f[key] === undefined) continue;
        if (Array.isArray(f[key]) && (f[key] as unknown[]).every((g) => typeof g === 'string')) settings.files[key] = f[key] as string[];
        else warnings.push(`files.${key}: expected a list of glob patterns; ignored`);
      }
    } else warnings.push('files: expected {include, exclude}; ignored');
  }
  return { settings, warnings };
}
