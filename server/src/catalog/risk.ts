/**
 * Risky-action data: Cloudsplaining's lists (salesforce/cloudsplaining, BSD-3-Clause), validated
 * against the IAM catalog into server/data/risk-actions.json (see server/data/README.md), plus the
 * two categories Cloudsplaining derives from access levels, derived here from the catalog.
 *
 * The JSON is imported (esbuild inlines it; tsc copies it next to the compiled code).
 */
import riskJson from '../../data/risk-actions.json';
import { getCatalog, type ActionInfo, type IamCatalog } from './catalog';

export type RiskCategory =
  /** Actions whose response carries credentials (Cloudsplaining `actions_that_return_credentials`). */
  | 'credentials-exposure'
  /** Read actions treated as data exfiltration when unconstrained (Cloudsplaining `data_exfiltration_read_actions`). */
  | 'data-exfiltration'
  /** Every action that takes part in a privilege-escalation method. */
  | 'privilege-escalation'
  /** Derived: `Permissions management` access level (can change who may access a resource). */
  | 'resource-exposure'
  /** Derived: any access level other than `Read` / `List` (Write, Permissions management, Tagging). */
  | 'infrastructure-modification';

export const RISK_CATEGORIES: readonly RiskCategory[] = [
  'credentials-exposure',
  'data-exfiltration',
  'privilege-escalation',
  'resource-exposure',
  'infrastructure-modification',
];

export interface PrivilegeEscalationMethod {
  /** Cloudsplaining's method name (`PassExistingRoleToNewLambdaThenInvoke`). */
  name: string;
  /** The actions that together allow the escalation, lower case (`iam:passrole`). */
  actions: string[];
  /** The same actions in canonical case (`iam:PassRole`), for messages. */
  canonicalActions: string[];
  /** A write-up of the path (pathfinding.cloud), when the source has one. */
  reference?: string;
}

interface RiskFile {
  source: string;
  catalog: string;
  categories: Record<'credentials-exposure' | 'data-exfiltration' | 'privilege-escalation', string[]>;
  privilegeEscalationMethods: { name: string; actions: string[]; reference: string | null }[];
  corrections: { from: string; to: string; reason: string }[];
  unresolved: { entry: string; list: string; reason: string }[];
  droppedMethods: { name: string; reason: string }[];
}

const data = riskJson as unknown as RiskFile;

let methodsCache: PrivilegeEscalationMethod[] | undefined;
const setCache = new Map<RiskCategory, Set<string>>();

/** The privilege-escalation methods (each: the set of actions that together escalate). */
export function privilegeEscalationMethods(): PrivilegeEscalationMethod[] {
  if (!methodsCache) {
    methodsCache = data.privilegeEscalationMethods.map((m) => ({
      name: m.name,
      actions: m.actions.map((a) => a.toLowerCase()),
      canonicalActions: m.actions.slice(),
      ...(m.reference ? { reference: m.reference } : {}),
    }));
  }
  return methodsCache.map((m) => ({ ...m, actions: m.actions.slice(), canonicalActions: m.canonicalActions.slice() }));
}

/**
 * Lower-case full action names (`iam:passrole`) in a risk category. The three listed categories
 * are small and cheap; the two derived ones (`resource-exposure`, `infrastructure-modification`)
 * read every service of the catalog on first call (≈ the cost of `expand('*')`) — prefer
 * {@link actionRiskCategories} for a single action. Sets are cached process-wide (the first
 * catalog used computes the derived ones); the returned Set is a copy.
 */
export function riskActions(category: RiskCategory, catalog: IamCatalog = getCatalog()): Set<string> {
  let s = setCache.get(category);
  if (!s) {
    if (category === 'resource-exposure' || category === 'infrastructure-modification') {
      s = new Set(
        catalog
          .expand('*')
          .filter((a) => derivedCategories(a).includes(category))
          .map((a) => a.fullName.toLowerCase()),
      );
    } else {
      s = new Set(data.categories[category].map((a) => a.toLowerCase()));
    }
    setCache.set(category, s);
  }
  return new Set(s);
}

function derivedCategories(a: ActionInfo): RiskCategory[] {
  const out: RiskCategory[] = [];
  if (a.accessLevels.includes('Permissions management')) out.push('resource-exposure');
  if (a.accessLevels.some((l) => l !== 'Read' && l !== 'List')) out.push('infrastructure-modification');
  return out;
}

/** Risk categories of one action (`'iam:PassRole'` or an ActionInfo); cheap (loads one service). */
export function actionRiskCategories(action: string | ActionInfo, catalog: IamCatalog = getCatalog()): RiskCategory[] {
  const info = typeof action === 'string' ? catalog.getAction(action) : action;
  const full = (typeof action === 'string' ? action : action.fullName).trim().toLowerCase();
  const out: RiskCategory[] = [];
  for (const c of ['credentials-exposure', 'data-exfiltration', 'privilege-escalation'] as const) {
    if (listedSet(c).has(full)) out.push(c);
  }
  if (info) out.push(...derivedCategories(info));
  return out;
}

function listedSet(c: 'credentials-exposure' | 'data-exfiltration' | 'privilege-escalation'): Set<string> {
  let s = setCache.get(c);
  if (!s) {
    s = new Set(data.categories[c].map((a) => a.toLowerCase()));
    setCache.set(c, s);
  }
  return s;
}

/** Provenance and validation report of the risk data (for docs / `--version` output). */
export function riskDataInfo(): {
  source: string;
  catalog: string;
  corrections: { from: string; to: string; reason: string }[];
  unresolved: { entry: string; list: string; reason: string }[];
  droppedMethods: { name: string; reason: string }[];
} {
  return {
    source: data.source,
    catalog: data.catalog,
    corrections: data.corrections.map((c) => ({ ...c })),
    unresolved: data.unresolved.map((u) => ({ ...u })),
    droppedMethods: data.droppedMethods.map((d) => ({ ...d })),
  };
}
