import type { Rule } from '../../engine/types';
import { invalidElement } from './invalid-element';
import { unknownAction } from './unknown-action';
import { missingElement } from './missing-element';
import { conflictingElements } from './conflicting-elements';
import { invalidEffect } from './invalid-effect';
import { invalidVersion } from './invalid-version';
import { duplicateSid } from './duplicate-sid';
import { principalNotAllowed } from './principal-not-allowed';
import { redundantAction } from './redundant-action';
import { invalidArn } from './invalid-arn';
import { actionResourceMismatch } from './action-resource-mismatch';
import { invalidCondition } from './invalid-condition';

/** IAM grammar and validity rules (the policy would be rejected or does not mean what it says). */
export const IAM_GRAMMAR_RULES: Rule[] = [
  invalidElement,
  unknownAction,
  missingElement,
  conflictingElements,
  invalidEffect,
  invalidVersion,
  duplicateSid,
  principalNotAllowed,
  redundantAction,
  invalidArn,
  actionResourceMismatch,
  invalidCondition,
];
