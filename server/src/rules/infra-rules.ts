import type { Rule } from '../engine/types';
import { imdsCredentialExfiltration } from './chain/imds-credential-exfiltration';
import { imdsV1 } from './ec2/imds-v1';
import { openIngress } from './ec2/open-ingress';
import { publicIp } from './ec2/public-ip';
import { unencryptedEbs } from './ec2/unencrypted-ebs';

/** EC2 and S3 settings, and the attack paths (chain/*) that connect them. */
export const INFRA_RULES: Rule[] = [imdsV1, openIngress, unencryptedEbs, publicIp, imdsCredentialExfiltration];
