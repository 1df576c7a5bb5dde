import { imdsV1 } from '../../../../server/src/rules/ec2/imds-v1';
import { fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/ec2/imds-v1';
ruleTester(imdsV1, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-instance.yaml`, count: 1, lines: [4], messages: ['no MetadataOptions'], output: fixture(`${D}/bad-instance.fixed.yaml`) },
    { file: `${D}/bad-optional.json`, count: 1, lines: [9], messages: ["'optional'"], output: fixture(`${D}/bad-optional.fixed.json`) },
    { file: `${D}/bad-no-tokens.json`, count: 1, lines: [9], messages: ["without HttpTokens"] },
    { file: `${D}/bad-if-param.yaml`, count: 2, lines: [14, 19], messages: ["'optional'", "'optional' (parameter default)"] },
    { file: `${D}/bad-flow.yaml`, count: 1, output: fixture(`${D}/bad-flow.fixed.yaml`) },
  ],
});
