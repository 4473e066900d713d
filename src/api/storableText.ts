/**
 * Text PostgreSQL cannot store: the NUL character (U+0000) is refused in `text` and in `jsonb`
 * (22021 / 22P05), and an unpaired UTF-16 surrogate either fails in `jsonb` (22P02) or is silently
 * replaced by U+FFFD on the way to a `text` column. The frame refuses both in every string (and
 * every property name) of a request's path parameters, query and body, before validation, so no
 * route can pass such text on to the database and answer 500.
 */
import { ValidationError } from '../common/errors.ts';
import { fieldName } from './error-mapping.ts';

export type RequestPart = 'params' | 'querystring' | 'body';

export interface UnstorableText {
  /** The field as the client knows it: `body.name`, `body.items[0].sku`, `query.cursor`, `params.id`. */
  field: string;
  message: string;
}

/** Paths deeper than this are named by their first segments and `…`. */
const MAX_NAMED_DEPTH = 32;

/**
 * The first string (or property name) in `value` that PostgreSQL cannot store, or null.
 * Walks without recursion: a body may be nested thousands of levels deep.
 */
export function findUnstorableText(value: unknown, part: RequestPart): UnstorableText | null {
  // `path` stops growing at MAX_NAMED_DEPTH (`deeper` says so), so a deep body costs no quadratic copying.
  const stack: Array<{ value: unknown; path: string[]; deeper: boolean }> = [{ value, path: [], deeper: false }];
  while (stack.length > 0) {
    const { value: node, path, deeper } = stack.pop()!;
    const child = (segment: string) =>
      path.length < MAX_NAMED_DEPTH ? { path: [...path, segment], deeper } : { path, deeper: true };
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) return { field: nameOf(part, path, deeper), message: problem };
    } else if (Array.isArray(node)) {
      // Pushed in reverse so that the first offending element is the one reported.
      for (let i = node.length - 1; i >= 0; i--) stack.push({ value: node[i], ...child(String(i)) });
    } else if (typeof node === 'object' && node !== null) {
      const keys = Object.keys(node);
      for (const key of keys) {
        const problem = textProblem(key);
        if (problem) {
          const at = child(key);
          return { field: nameOf(part, at.path, at.deeper), message: `property name ${problem}` };
        }
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (node as Record<string, unknown>)[keys[i]!], ...child(keys[i]!) });
      }
    }
  }
  return null;
}

/** Throws a 400 `validation_failed` naming the field when a request part holds text PostgreSQL cannot store. */
export function assertStorableText(value: unknown, part: RequestPart): void {
  const found = findUnstorableText(value, part);
  if (found) throw new ValidationError(found.field, found.message, { problems: [found] });
}

function textProblem(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return `must not contain the NUL character (U+0000, at index ${nul}): it cannot be stored`;
  const at = unpairedSurrogateIndex(text);
  if (at !== -1) {
    return `must be well-formed Unicode: an unpaired surrogate (U+${text.charCodeAt(at).toString(16).toUpperCase()}) is at index ${at}`;
  }
  return null;
}

/** Index of the first surrogate that is not half of a pair, or -1 (String.prototype.isWellFormed is ES2024). */
function unpairedSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

function nameOf(part: RequestPart, path: string[], deeper: boolean): string {
  const name = fieldName(part, path);
  return deeper ? `${name}…` : name;
}
