import type { Rule } from '../../engine/types';
import { adminManagedPolicy } from './admin-managed-policy';
import { notActionAllow } from './not-action-allow';
import { notResourceAllow } from './not-resource-allow';
import { userAttachedPolicy } from './user-attached-policy';
import { wildcardAction } from './wildcard-action';
import { wildcardResource } from './wildcard-resource';

/** IAM scope rules: how much an identity policy grants (wildcards, Not* elements, admin attachments). */
export const IAM_SCOPE_RULES: Rule[] = [wildcardAction, wildcardResource, notActionAllow, notResourceAllow, adminManagedPolicy, userAttachedPolicy];
