import type { Rule } from '../engine/types';
import { IAM_EXPOSURE_RULES } from './iam/exposure-rules';
import { IAM_GRAMMAR_RULES } from './iam/grammar-rules';
import { IAM_SECURITY_RULES } from './iam/security-rules';
import { IAM_SCOPE_RULES } from './iam/scope-rules';
import { INFRA_RULES } from './infra-rules';
import { S3_RULES } from './s3-rules';

/**
 * Every rule, in documentation order. Adding a rule = adding its file and one line in its
 * area's list (iam/grammar-rules.ts, iam/security-rules.ts, iam/exposure-rules.ts, infra-rules.ts).
 */
const RULES: Rule[] = [...IAM_GRAMMAR_RULES, ...IAM_SECURITY_RULES, ...IAM_SCOPE_RULES, ...IAM_EXPOSURE_RULES, ...INFRA_RULES, ...S3_RULES];

export function allRules(): Rule[] {
  return RULES;
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
