/**
 * `record[key]` only when `key` is the record's own property. Template text (`Type: constructor`,
 * `!Ref toString`, a SAM policy template named `__proto__`) must never reach Object.prototype
 * through a lookup table.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
