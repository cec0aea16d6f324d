// Splitting n8n parameter templates ("=text {{ js }} text") into text and code segments.
// The scanner understands enough JavaScript (strings, template literals, comments, regular
// expressions, bracket nesting) that `{{ {a:1}.a }}` and `{{ "}}" }}` close where the code ends.

export type TemplatePart = string | { code: string };

export type ParsedTemplate =
  /** No `{{ }}` at all: the value is the text itself. */
  | { kind: 'literal'; text: string }
  /** Exactly one segment and nothing around it: the raw value is returned. */
  | { kind: 'single'; code: string }
  /** Text mixed with segments: the result is a string. */
  | { kind: 'mixed'; parts: TemplatePart[] };

/** Parses a template body (the parameter value without its leading '='). */
export function parseTemplate(body: string): ParsedTemplate {
  const parts = splitTemplate(body);
  if (parts.length === 0) return { kind: 'literal', text: '' };
  if (parts.length === 1) {
    const only = parts[0]!;
    if (typeof only === 'string') return { kind: 'literal', text: only };
    return { kind: 'single', code: only.code };
  }
  return { kind: 'mixed', parts };
}

/** Splits into text and code parts, in order. Empty text parts are dropped. */
export function splitTemplate(body: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{{', i);
    if (open < 0) {
      text += body.slice(i);
      break;
    }
    const close = findClose(body, open + 2);
    if (close < 0) {
      // An unterminated `{{` is plain text, as in n8n's editor.
      text += body.slice(i);
      break;
    }
    text += body.slice(i, open);
    if (text) parts.push(text);
    text = '';
    parts.push({ code: body.slice(open + 2, close) });
    i = close + 2;
  }
  if (text) parts.push(text);
  return parts;
}

/** Index of the `}}` that ends the code starting at `start`, or -1. */
function findClose(s: string, start: number): number {
  const scanned = scanCode(s, start);
  if (scanned >= 0) return scanned;
  // The scanner can be fooled (a division taken for a regular expression, an unbalanced
  // bracket inside the user's code); fall back to the first `}}` like a naive splitter.
  return s.indexOf('}}', start);
}

const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function scanCode(s: string, start: number): number {
  let depth = 0;
  let j = start;
  // The previous token decides whether a `/` starts a regular expression or divides:
  // '' (start), a punctuator, 'id' (identifier, number, literal end) or 'kw' (keyword).
  let prev = '';
  const n = s.length;
  while (j < n) {
    const c = s[j]!;
    if (c === '}' && depth === 0) {
      return s[j + 1] === '}' ? j : -1;
    }
    if (c === '"' || c === "'") {
      j = skipString(s, j, c);
      if (j < 0) return -1;
      prev = 'id';
      continue;
    }
    if (c === '`') {
      j = skipTemplateLiteral(s, j);
      if (j < 0) return -1;
      prev = 'id';
      continue;
    }
    if (c === '/') {
      const next = s[j + 1];
      if (next === '/') {
        // Line comment: ends at a newline, or at `}}` when it is the last thing in the segment.
        let k = j + 2;
        while (k < n && s[k] !== '\n') {
          if (depth === 0 && s[k] === '}' && s[k + 1] === '}') return k;
          k++;
        }
        j = k;
        continue;
      }
      if (next === '*') {
        const end = s.indexOf('*/', j + 2);
        if (end < 0) return -1;
        j = end + 2;
        continue;
      }
      const regexAllowed = prev === '' || prev === 'kw' || (prev !== 'id' && prev !== ')' && prev !== ']' && prev !== '}');
      if (regexAllowed) {
        const end = skipRegex(s, j);
        if (end >= 0) {
          j = end;
          prev = 'id';
          continue;
        }
      }
      prev = '/';
      j++;
      continue;
    }
    if (/[\w$]/.test(c)) {
      let k = j;
      while (k < n && /[\w$]/.test(s[k]!)) k++;
      prev = KEYWORDS_BEFORE_REGEX.has(s.slice(j, k)) ? 'kw' : 'id';
      j = k;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    if (!/\s/.test(c)) prev = c;
    j++;
  }
  return -1;
}

function skipString(s: string, j: number, quote: string): number {
  let k = j + 1;
  while (k < s.length) {
    const c = s[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === quote) return k + 1;
    if (c === '\n') return -1;
    k++;
  }
  return -1;
}

function skipTemplateLiteral(s: string, j: number): number {
  let k = j + 1;
  while (k < s.length) {
    const c = s[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === '`') return k + 1;
    if (c === '$' && s[k + 1] === '{') {
      // Scan the substitution as code until its closing brace.
      let depth = 0;
      k += 2;
      while (k < s.length) {
        const d = s[k]!;
        if (d === '"' || d === "'") {
          k = skipString(s, k, d);
          if (k < 0) return -1;
          continue;
        }
        if (d === '`') {
          k = skipTemplateLiteral(s, k);
          if (k < 0) return -1;
          continue;
        }
        if (d === '{') depth++;
        else if (d === '}') {
          if (depth === 0) break;
          depth--;
        }
        k++;
      }
      k++;
      continue;
    }
    k++;
  }
  return -1;
}

function skipRegex(s: string, j: number): number {
  let k = j + 1;
  let inClass = false;
  while (k < s.length) {
    const c = s[k];
    if (c === '\n') return -1;
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '/') {
      k++;
      while (k < s.length && /[a-z]/i.test(s[k]!)) k++;
      return k;
    }
    k++;
  }
  return -1;
}
