/**
 * Format strings as upstream code writes them (`'AMQP server on %(hostname)s:%(port)s is unreachable'`), read in
 * the placeholder syntax of their language. A signature records the format strings its pattern was built from;
 * this module turns one into pieces, renders it with realistic values (the content check proves the pattern
 * matches the rendering), tells whether a log line is a rendering of it (examples must be, never lines written to
 * fit the pattern), and lists its literal text (the drift check looks for it in the upstream file at each ref).
 */
import type { formatStyles } from '../../../schemas/signature.ts';

export type FormatStyle = (typeof formatStyles)[number];

export type Piece =
  | { kind: 'literal'; text: string }
  | {
      kind: 'placeholder';
      /** The placeholder's name, or its 0-based position among the unnamed ones. */
      name: string;
      /** The value a numeric conversion gets when none is given; undefined for strings and objects. */
      numericDefault?: string | undefined;
      raw: string;
    };

/** What a numeric conversion renders as when the entry gives no value: any number shows the shape. */
const NUMERIC_DEFAULTS: Record<string, string> = {
  d: '3', i: '3', u: '3', o: '7', b: '3', B: '3', x: '1f', X: '1F', e: '1.5e+00', E: '1.5E+00', f: '1.5', F: '1.5', g: '1.5', G: '1.5',
};

interface Grammar {
  /** Global regex over the text; each match is a placeholder or an escape. */
  token: RegExp;
  /** What a token stands for: literal text (an escape such as %%), or a placeholder's name and conversion. */
  read: (match: RegExpExecArray, nextPosition: () => string) => { literal: string } | { name: string; conversion: string };
}

const grammars: Record<Exclude<FormatStyle, 'literal'>, Grammar> = {
  // %(name)s, %s, %-10.2f, %%; Python's logging and the % operator.
  'python-percent': {
    token: /%(?:\((\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g,
    read: (m, next) => (m[2] === '%' ? { literal: '%' } : { name: m[1] ?? next(), conversion: m[2]! }),
  },
  // {name}, {0}, {}, {name!r:>10}, {{ and }}; str.format and f-strings.
  'python-format': {
    token: /\{\{|\}\}|\{([^{}]*)\}/g,
    read: (m, next) => {
      if (m[0] === '{{') return { literal: '{' };
      if (m[0] === '}}') return { literal: '}' };
      const field = (m[1] ?? '').split(/[!:]/)[0]!;
      const spec = /:[^}]*([dxXoeEfFgGb%])$/.exec(m[1] ?? '');
      return { name: field === '' ? next() : field, conversion: spec?.[1] ?? 's' };
    },
  },
  // C printf (flags, width, precision, length modifiers) and Go's fmt verbs (%v %q %w %T %t).
  printf: {
    // The Linux kernel's %p extensions (%pV, %pS, %pI4, %*pbl) are one placeholder each.
    token: /%(?:\d+\$)?[#0\- +']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|Z|t)?(p[A-Za-z][A-Za-z0-9]*|[diouxXeEfFgGaAcspnmvqwTtb%])/g,
    read: (m, next) => (m[1] === '%' ? { literal: '%' } : { name: next(), conversion: m[1]! }),
  },
  // Erlang io:format: ~s ~p ~tp ~w ~b ~n ~~, with optional field width and precision.
  erlang: {
    token: /~[-\d.*]*t?([cfegswpWPBbXx#in~])/g,
    read: (m, next) => {
      if (m[1] === '~') return { literal: '~' };
      if (m[1] === 'n') return { literal: '\n' };
      return { name: next(), conversion: m[1]! };
    },
  },
  // {name}: messages built by concatenation or C++ streams, written as their literal pieces and named gaps.
  template: {
    token: /\{\{|\{([A-Za-z0-9_.-]+)\}/g,
    read: (m) => (m[0] === '{{' ? { literal: '{' } : { name: m[1]!, conversion: 's' }),
  },
};

export function parseFormat(text: string, style: FormatStyle): Piece[] {
  if (style === 'literal') return text === '' ? [] : [{ kind: 'literal', text }];
  const grammar = grammars[style];
  const pieces: Piece[] = [];
  let position = 0;
  const next = () => String(position++);
  const addLiteral = (literal: string) => {
    if (literal === '') return;
    const last = pieces.at(-1);
    if (last?.kind === 'literal') last.text += literal;
    else pieces.push({ kind: 'literal', text: literal });
  };
  let from = 0;
  for (const m of text.matchAll(new RegExp(grammar.token.source, 'g'))) {
    addLiteral(text.slice(from, m.index));
    from = m.index + m[0].length;
    const token = grammar.read(m as RegExpExecArray, next);
    if ('literal' in token) addLiteral(token.literal);
    else pieces.push({ kind: 'placeholder', name: token.name, numericDefault: NUMERIC_DEFAULTS[token.conversion], raw: m[0] });
  }
  addLiteral(text.slice(from));
  return pieces;
}

export type Rendering = { ok: true; text: string } | { ok: false; missing: string[] };

/** The message as the service would log it with these values; placeholders without a value are listed. */
export function renderFormat(pieces: readonly Piece[], values: Readonly<Record<string, string | number | boolean>>): Rendering {
  const missing: string[] = [];
  let text = '';
  for (const piece of pieces) {
    if (piece.kind === 'literal') {
      text += piece.text;
      continue;
    }
    const value = values[piece.name] ?? piece.numericDefault;
    if (value === undefined) missing.push(`${piece.raw} (values.${piece.name})`);
    else text += String(value);
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text };
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * Regular expressions that find a rendering of the format in a log line: its literal pieces in order, any text in
 * each gap. A message of several lines is logged as several lines, so each of its lines is a rendering of its own.
 * Placeholders at either end add nothing to a search and are left out.
 */
export function renderingMatchers(pieces: readonly Piece[]): RegExp[] {
  const lines: Array<Array<string | null>> = [[]];
  for (const piece of pieces) {
    if (piece.kind === 'placeholder') {
      lines.at(-1)!.push(null);
      continue;
    }
    piece.text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== '') lines.at(-1)!.push(escapeRegExp(part));
    });
  }
  const trimmed = lines.map((parts) => {
    while (parts.length > 0 && parts[0] === null) parts.shift();
    while (parts.length > 0 && parts.at(-1) === null) parts.pop();
    return parts;
  });
  // Lines of only placeholders or punctuation say nothing; a format that is nothing else (`%(error)s%(message)s`)
  // fits any line, and its signature must prove itself with its rendering and real lines.
  const telling = trimmed.filter((parts) => parts.some((p) => p !== null && p.length >= 3));
  return (telling.length > 0 ? telling : [[]]).map((parts) => new RegExp(parts.map((p) => p ?? '.*?').join('')));
}

/**
 * The format text as the source file writes it, cut at every placeholder and escape (`%%` stays `%%`): the pieces
 * the drift check looks for in the upstream file.
 */
export function sourcePieces(text: string, style: FormatStyle, minLength = 3): string[] {
  const pieces: string[] = [];
  let from = 0;
  let piece = '';
  if (style !== 'literal') {
    const grammar = grammars[style];
    for (const m of text.matchAll(new RegExp(grammar.token.source, 'g'))) {
      piece += text.slice(from, m.index);
      from = m.index + m[0].length;
      if ('literal' in grammar.read(m as RegExpExecArray, () => '0')) {
        piece += m[0];
      } else {
        pieces.push(piece);
        piece = '';
      }
    }
  }
  pieces.push(piece + text.slice(from));
  return pieces
    .flatMap((piece) => piece.split('\n'))
    .filter((piece) => piece.trim().length >= minLength);
}
