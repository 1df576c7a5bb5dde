import type { Node } from '../model/node';
import type { ExtractedPolicies } from '../model/extract';
import type { PolicyModel } from '../model/policy';
import type { ResourceModel, TemplateModel } from '../model/template';
import { getCatalog, type IamCatalog } from '../catalog/catalog';
import type { Settings } from './settings';
import type { Finding, Fix, ParsedDocument, ReportInput, Rule } from './types';

/**
 * What a rule sees: the parsed document, the template model (resources and their graph), every
 * policy with its context, the IAM catalog, and the settings. Rules report; they never print,
 * never touch the LSP connection, and never re-parse.
 */
export class RuleContext {
  /** The rule currently running (set by the engine). */
  rule!: Rule;
  private readonly out: Finding[];

  constructor(
    readonly doc: ParsedDocument,
    readonly kind: 'template' | 'policy',
    readonly template: TemplateModel | undefined,
    readonly extracted: ExtractedPolicies,
    readonly settings: Settings,
    out: Finding[],
    readonly fileName?: string,
  ) {
    this.out = out;
  }

  get policies(): PolicyModel[] {
    return this.extracted.policies;
  }

  /** The IAM catalog; services load lazily on first lookup. */
  get catalog(): IamCatalog {
    return getCatalog();
  }

  get text(): string {
    return this.doc.text;
  }

  report(input: ReportInput): void {
    const meta = this.rule.meta;
    const fixes = input.fixes;
    const finding: Finding = {
      ruleId: meta.id,
      severity: input.severity ?? meta.severity,
      securitySeverity: input.securitySeverity ?? meta.securitySeverity,
      message: input.message,
      start: input.node.start,
      end: input.node.end,
      resourceId: input.resourceId ?? this.resourceAt(input.node.start)?.id,
      related: input.related ?? [],
      fixes: typeof fixes === 'function' ? [] : (fixes ?? []),
    };
    if (typeof fixes === 'function') deferFixes(finding, fixes);
    this.out.push(finding);
  }

  /** The template resource whose definition contains this offset. */
  resourceAt(offset: number): ResourceModel | undefined {
    if (!this.template) return undefined;
    const sorted = (this.sortedResources ??= [...this.template.resources.values()].sort((a, b) => a.entry.start - b.entry.start));
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = sorted[mid];
      if (offset < r.entry.start) hi = mid - 1;
      else if (offset > r.entry.end) lo = mid + 1;
      else return r;
    }
    return undefined;
  }
  private sortedResources?: ResourceModel[];

  /** Node to report on for a whole resource: its logical id key. */
  resourceKey(r: ResourceModel): Node {
    return r.entry.keyNode;
  }
}

/**
 * Fixes computed on first read of `finding.fixes` (a code action, `--fix`, SARIF), not while
 * the document is analysed: most findings are shown and never fixed. The document and its models
 * are immutable, so computing later gives the same edits. A failing fix builder yields no fixes.
 */
function deferFixes(finding: Finding, build: () => Fix[]): void {
  Object.defineProperty(finding, 'fixes', {
    configurable: true,
    enumerable: true,
    get(this: Finding) {
      let fixes: Fix[];
      try {
        fixes = build();
      } catch {
        fixes = [];
      }
      Object.defineProperty(this, 'fixes', { value: fixes, writable: true, configurable: true, enumerable: true });
      return fixes;
    },
    set(this: Finding, value: Fix[]) {
      Object.defineProperty(this, 'fixes', { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
