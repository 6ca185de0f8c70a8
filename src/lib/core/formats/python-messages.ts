/**
 * The messages a Python service can log, read from its source: the format string of every LOG.error/exception/
 * critical/warning call and every exception class's msg_fmt/message/message_format. The drift check's `gaps`
 * command compares them with the published signatures, so the work group sees which upstream failure messages the
 * catalogue cannot recognise yet. This reads literals, not Python: a message built at run time (a variable, an
 * f-string, a call) is skipped, and that is fine for a list of candidates a person triages.
 */

export interface PythonMessage {
  /** 1-based line of the call or assignment. */
  line: number;
  kind: 'log' | 'exception';
  /** The log level (error, exception, critical, warning), or the exception class's name. */
  detail: string;
  /** The format string as Python sees it: adjacent literals joined, escapes decoded. */
  text: string;
}

const LOG_CALL = /\b(?:LOG|_LOG|LOGGER|log|logger|self\.log|self\.logger|self\._log|cls\.log)\.(error|exception|critical|warning|warn)\(\s*/g;
/** A class attribute: one level of indentation (four spaces or a tab), directly in a class body. */
const EXCEPTION_MESSAGE = /^(?: {4}|\t)(msg_fmt|message|message_format)\s*=\s*/gm;
const CLASS_LINE = /^class\s+(\w+)/gm;
/** Translation markers wrap a literal without changing it. */
const TRANSLATION = /^(?:_|_LE|_LW|_LC|_LI)\(\s*/;
const STRING_START = /^([rRuUbB]?)('''|"""|'|")/;

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** Reads one string literal at `at`; undefined when there is none (or it is an f-string, built at run time). */
function readLiteral(source: string, at: number): { text: string; end: number } | undefined {
  const start = STRING_START.exec(source.slice(at, at + 4));
  if (!start) return undefined;
  const raw = start[1]!.toLowerCase() === 'r';
  const quote = start[2]!;
  let i = at + start[0].length;
  let text = '';
  while (i < source.length) {
    if (source.startsWith(quote, i)) return { text, end: i + quote.length };
    const ch = source[i]!;
    if (ch === '\n' && quote.length === 1) return undefined;
    if (ch === '\\' && !raw) {
      const next = source[i + 1] ?? '';
      text += SIMPLE_ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    text += ch;
    i++;
  }
  return undefined;
}

/** Adjacent literals (implicit concatenation, across lines inside the call) and literal + literal, as one string. */
function readMessage(source: string, at: number): string | undefined {
  let i = at;
  const translation = TRANSLATION.exec(source.slice(i, i + 8));
  if (translation) i += translation[0].length + /^\s*/.exec(source.slice(i + translation[0].length))![0].length;
  let text: string | undefined;
  for (;;) {
    const literal = readLiteral(source, i);
    if (!literal) break;
    text = (text ?? '') + literal.text;
    i = literal.end;
    const gap = /^(?:\s|\\\n|\+)*/.exec(source.slice(i))![0];
    i += gap.length;
  }
  return text;
}

function lineAt(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function pythonMessages(source: string): PythonMessage[] {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const classes = [...source.matchAll(CLASS_LINE)].map((m) => ({ offset: m.index, name: m[1]! }));
  const out: PythonMessage[] = [];
  for (const m of source.matchAll(LOG_CALL)) {
    const text = readMessage(source, m.index + m[0].length);
    if (text) out.push({ line: lineAt(lineStarts, m.index), kind: 'log', detail: m[1]!, text });
  }
  for (const m of source.matchAll(EXCEPTION_MESSAGE)) {
    const owner = classes.filter((c) => c.offset < m.index).at(-1);
    // A top-level statement after the class line ends its body: the assignment is in a module-level function.
    if (owner && /\n[^\s#@)\]}]/.test(source.slice(owner.offset + 1, m.index))) continue;
    const text = readMessage(source, m.index + m[0].length);
    if (owner && text) out.push({ line: lineAt(lineStarts, m.index), kind: 'exception', detail: owner.name, text });
  }
  return out.sort((a, b) => a.line - b.line);
}
