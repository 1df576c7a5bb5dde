import type { Rule } from '../../engine/types';

/** IAM security rules on identity policies (valid and dangerous). */
export const IAM_SECURITY_RULES: Rule[] = [];
