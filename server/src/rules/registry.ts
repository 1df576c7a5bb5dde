import type { Rule } from '../engine/types';
import { imdsV1 } from './ec2/imds-v1';
import { invalidElement } from './iam/invalid-element';
import { unknownAction } from './iam/unknown-action';

/** Every rule, in documentation order. Adding a rule = adding its file and one line here. */
const RULES: Rule[] = [invalidElement, unknownAction, imdsV1];

export function allRules(): Rule[] {
  return RULES;
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
