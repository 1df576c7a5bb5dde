import type { Rule } from '../engine/types';
import { imdsV1 } from './ec2/imds-v1';

/** EC2 and S3 settings, and the attack paths (chain/*) that connect them. */
export const INFRA_RULES: Rule[] = [imdsV1];
