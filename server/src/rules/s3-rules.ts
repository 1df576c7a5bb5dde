import type { Rule } from '../engine/types';
import { accessLoggingDisabled } from './s3/access-logging-disabled';
import { noEncryption } from './s3/no-encryption';
import { publicAccessBlock } from './s3/public-access-block';
import { publicAclRule } from './s3/public-acl';
import { tlsNotEnforced } from './s3/tls-not-enforced';
import { versioningDisabled } from './s3/versioning-disabled';

/** S3 bucket settings: public exposure first, then transport, encryption, versioning, logging. */
export const S3_RULES: Rule[] = [publicAclRule, publicAccessBlock, tlsNotEnforced, noEncryption, versioningDisabled, accessLoggingDisabled];
