/** Limits that keep hostile input from hanging or crashing the engine. */
export const LIMITS = {
  /** Maximum nesting of objects/arrays we convert; deeper documents are reported and cut. */
  maxDepth: 400,
  /** Maximum number of nodes produced by expanding YAML aliases (billion-laughs guard). */
  maxAliasNodes: 10_000,
  /** Default maximum file size analysed, in bytes (setting `leastpriv.maxFileSizeKb`). */
  defaultMaxFileBytes: 5 * 1024 * 1024,
};

/**
 * Maximum bracket nesting in JSON-ish text, computed without recursion and ignoring strings and
 * comments the way jsonc-parser scans them (a string also ends at an unescaped line break). Recursive-descent
 * parsers overflow the stack on very deep input; we check first.
 */
export function maxBracketDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++; // an escape, even of a line break, continues the string
      else if (c === 34 /* " */ || c === 10 || c === 13) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return max;
}
