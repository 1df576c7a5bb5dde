/** Test helper (not a test): analyse a text with the cursor marked `|`, and a catalog on a private data copy. */
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import { IamCatalog } from '../../../server/src/catalog/catalog';
import { copiedDataDir } from '../catalog/data-dir';

let catalog: IamCatalog | undefined;
/** A catalog of its own (independent of dist/, which a concurrent build may be rewriting). */
export function testCatalog(): IamCatalog {
  return (catalog ??= new IamCatalog(copiedDataDir()));
}

/** A fresh catalog (to check what a single request loads). */
export function freshCatalog(): IamCatalog {
  return new IamCatalog(copiedDataDir());
}

export interface Cursor {
  result: AnalysisResult;
  offset: number;
  text: string;
}

/** `src` with one `|` marking the cursor. */
export function at(src: string, fileName: string): Cursor {
  const offset = src.indexOf('|');
  if (offset < 0) throw new Error('no cursor marker');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  return { result: analyze(text, { fileName }), offset, text };
}

/** Apply a replacement to the text. */
export function applyEdit(text: string, start: number, end: number, newText: string): string {
  return text.slice(0, start) + newText + text.slice(end);
}

export const YAML_POLICY = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n';
export const JSON_POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ';
export const YAML_TEMPLATE =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n' +
  '      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n';
export const JSON_TEMPLATE =
  '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, ' +
  '"Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", ';
