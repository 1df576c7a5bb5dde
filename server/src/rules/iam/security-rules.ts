import type { Rule } from '../../engine/types';
import { credentialsExposure } from './credentials-exposure';
import { dataExfiltration } from './data-exfiltration';
import { fullAdmin } from './full-admin';
import { passroleWildcard } from './passrole-wildcard';
import { privilegeEscalation } from './privilege-escalation';

/** IAM security rules on identity policies (valid and dangerous). */
export const IAM_SECURITY_RULES: Rule[] = [fullAdmin, passroleWildcard, privilegeEscalation, dataExfiltration, credentialsExposure];
