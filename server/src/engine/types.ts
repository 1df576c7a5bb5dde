/**
 * The engine's public vocabulary: documents, findings, fixes and rules. Nothing here (or anywhere
 * under server/src except server/src/lsp and server/src/cli) imports `vscode` or the LSP connection.
 */
import type { Node, ObjectNode } from '../model/node';

export type Severity = 'error' | 'warning' | 'info';
export type SecuritySeverity = 'critical' | 'high' | 'medium' | 'low';
export type Format = 'json' | 'yaml';

/** A problem found while reading the text (syntax error, duplicate key, skipped file). */
export interface ParseProblem {
  message: string;
  start: number;
  end: number;
  severity: Severity;
  /** Rule-like id used as diagnostic code: `parse/syntax-error`, `parse/duplicate-key`, `parse/skipped`. */
  code: string;
}

/** A single text replacement on the original text (offsets into it). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * How safe a fix is to apply without a human choosing:
 * - `safe`: the rule's single, meaning-preserving or clearly-intended fix (applied by `--fix` and fix-all);
 * - `choice`: one of several candidates (the user picks; never applied automatically);
 * - `refactor`: a rewrite to help the user prune by hand (never applied automatically).
 */
export type FixKind = 'safe' | 'choice' | 'refactor';

export interface Fix {
  title: string;
  kind: FixKind;
  isPreferred?: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  securitySeverity: SecuritySeverity;
  message: string;
  start: number;
  end: number;
  /** Logical id of the CloudFormation resource the finding belongs to (SARIF logicalLocation). */
  resourceId?: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /** Set when the finding is suppressed (it is then hidden in the editor, kept in SARIF). */
  suppression?: { kind: 'inSource'; justification: string; via: string };
}

export type DocumentKind = 'template' | 'policy' | 'none';

export interface ParsedDocument {
  text: string;
  format: Format;
  /** Root of the first YAML document / the JSON value; undefined when nothing usable parsed. */
  root?: Node;
  problems: ParseProblem[];
  /** Byte offsets of every line start, for offset → line/column conversion. */
  lineStarts: number[];
  /** YAML comments with their offsets (for inline suppression); empty for JSON. */
  comments: { start: number; end: number; text: string }[];
}

export type PolicyKind = 'identity' | 'resource' | 'trust' | 'endpoint';

export interface RuleDocs {
  /** One paragraph: why this matters. */
  rationale: string;
  /** What the fix does, or why there is no automatic fix. */
  fix: string;
  bad?: { format: Format; text: string };
  good?: { format: Format; text: string };
  references?: string[];
}

export interface RuleMeta {
  /** `area/kebab-name`, e.g. `iam/wildcard-resource`. A contract: never rename. */
  id: string;
  title: string;
  severity: Severity;
  securitySeverity: SecuritySeverity;
  /** Which documents the rule looks at. */
  scope: ('template' | 'policy')[];
  /** Whether and how the rule offers fixes. */
  fixable?: FixKind;
  tags?: string[];
  docs: RuleDocs;
}

export interface ReportInput {
  node: { start: number; end: number };
  message: string;
  severity?: Severity;
  securitySeverity?: SecuritySeverity;
  resourceId?: string;
  related?: RelatedLocation[];
  /**
   * The finding's fixes, or a function that builds them when they are first asked for (a code
   * action, `--fix`, SARIF): prefer the function when building them costs more than a lookup.
   */
  fixes?: Fix[] | (() => Fix[]);
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: import('./context').RuleContext): void;
}

export type { Node, ObjectNode };
