import type { Rule } from '../../engine/types';
import { notPrincipalAllow } from './not-principal-allow';
import { publicResourcePolicy } from './public-resource-policy';
import { trustAnyPrincipal } from './trust-any-principal';
import { trustMissingCondition } from './trust-missing-condition';

/** IAM rules on resource and trust policies (who may act or assume). */
export const IAM_EXPOSURE_RULES: Rule[] = [publicResourcePolicy, notPrincipalAllow, trustAnyPrincipal, trustMissingCondition];
