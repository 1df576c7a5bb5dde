import type { Rule } from '../../engine/types';

/** IAM rules on resource and trust policies (who may act or assume). */
export const IAM_EXPOSURE_RULES: Rule[] = [];
