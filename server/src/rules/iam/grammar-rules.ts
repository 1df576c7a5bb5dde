import type { Rule } from '../../engine/types';
import { invalidElement } from './invalid-element';
import { unknownAction } from './unknown-action';

/** IAM grammar and validity rules (the policy would be rejected or does not mean what it says). */
export const IAM_GRAMMAR_RULES: Rule[] = [invalidElement, unknownAction];
