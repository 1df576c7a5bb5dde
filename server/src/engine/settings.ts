import type { PolicyKind, Severity } from './types';

/** Options shared by the editor (VS Code settings) and the CLI (`.leastpriv.json`/`.yaml`). */
export interface Settings {
  /** Per-rule severity override, or `off`. Keys are rule ids. */
  rules: Record<string, Severity | 'off'>;
  /** `s3/no-encryption`: require SSE-KMS on every bucket, only on buckets tagged sensitive, or never. */
  s3KmsRequired: 'always' | 'sensitive' | 'never';
  /** Override the inferred kind of standalone policy files. */
  policyKind?: PolicyKind;
  /** Files larger than this are skipped with a message. */
  maxFileSizeKb: number;
  /** Suppressions by file path glob (for JSON policy files, which cannot carry comments). */
  suppressions?: { path: string; rule: string; reason?: string }[];
  /** Editor only: `false` turns every diagnostic off (the CLI ignores it). */
  enable?: boolean;
  /** Which files the editor analyses and Scan Workspace visits (path globs; see `engine/files.ts`). */
  files?: { include?: string[]; exclude?: string[] };
}

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  s3KmsRequired: 'sensitive',
  maxFileSizeKb: 5 * 1024,
};

export function mergeSettings(base: Settings, over: Partial<Settings> | undefined): Settings {
  if (!over) return base;
  const merged = { ...base, ...over, rules: { ...base.rules, ...(over.rules ?? {}) } };
  if (base.files && over.files) merged.files = { ...base.files, ...over.files };
  return merged;
}
