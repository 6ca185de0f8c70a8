/**
 * Which upstream messages the catalogue already knows. A message is known when a published signature records it as
 * one of its format strings for the same repository, or when a signature matches the message rendered with sample
 * values inside an oslo.log line. The rest are gaps: candidates for the work group to triage (most are no failure an
 * operator meets, and a sample value can miss a pattern that expects a UUID, so every gap is checked by a person).
 */
import type { Failure } from '../../../schemas/index.ts';
import { buildSignatureIndex } from '../../matcher/signature-index.ts';
import { parseFormat, renderFormat, type FormatStyle } from './format-string.ts';
import { repositoryKey } from './drift.ts';
import type { PythonMessage } from './python-messages.ts';

export interface MessageCoverage<M extends PythonMessage = PythonMessage> {
  message: M;
  /** How the catalogue knows it: 'format' (recorded by a signature), 'rendering' (a signature matches it), or null. */
  knownBy: 'format' | 'rendering' | null;
  /** The signatures that know it, as FAIL-xxxx/signature-id. */
  signatures: string[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A sample value that looks like what the placeholder's name suggests, so patterns expecting a shape still match. */
export function sampleValue(name: string): string {
  const n = name.toLowerCase();
  if (/uuid|_id$|^id$|instance|server|volume|port$|network|image|snapshot|share|router|subnet/.test(n)) return '6a7e2f6b-7af8-4368-9b0b-80ba4314c3db';
  if (/ip|addr/.test(n)) return '192.0.2.10';
  if (/host|node/.test(n)) return 'compute-01';
  if (/count|num|size|code|attempt|retries|max|sec|time|timeout|interval/.test(n)) return '3';
  if (/path|file|dir|device/.test(n)) return '/var/lib/data/x';
  if (/url|endpoint/.test(n)) return 'http://192.0.2.10:8774/v2.1';
  return 'value1';
}

function styleOf(text: string): FormatStyle {
  if (/%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]/.test(text)) return 'python-percent';
  if (/\{\w*(?:[!:][^}]*)?\}/.test(text)) return 'python-format';
  return 'literal';
}

/** The message as it would be logged, with sample values, at the level its call uses (exceptions at ERROR). */
export function sampleLine(message: PythonMessage, logger: string): string {
  const pieces = parseFormat(message.text, styleOf(message.text));
  const values = Object.fromEntries(pieces.flatMap((p) => (p.kind === 'placeholder' ? [[p.name, sampleValue(p.name)]] : [])));
  const rendered = renderFormat(pieces, values);
  const text = rendered.ok ? rendered.text : message.text;
  const level = message.kind === 'log' ? (message.detail === 'exception' ? 'ERROR' : message.detail === 'warn' ? 'WARNING' : message.detail.toUpperCase()) : 'ERROR';
  const body = message.kind === 'exception' ? `${logger}.exception.${message.detail}: ${text}` : text;
  return `2026-03-04 10:15:02.123 1234 ${level} ${logger} [None req-6f0d2c4b-9a1e-4b7d-8c3f-5e2a1d0b9c8e - - - - - -] ${body}`;
}

export function messageCoverage<M extends PythonMessage>(messages: readonly M[], failures: readonly Failure[], repository: string, logger: string): Array<MessageCoverage<M>> {
  const published = failures.filter((f) => f.status === 'published');
  const recorded = new Map<string, string[]>();
  const key = repositoryKey(repository);
  for (const failure of published) {
    for (const sig of failure.signatures) {
      for (const format of sig.formats) {
        if (repositoryKey(format.repository) !== key) continue;
        const text = collapse(format.text);
        recorded.set(text, [...(recorded.get(text) ?? []), `${failure.id}/${sig.id}`]);
      }
    }
  }
  const { index } = buildSignatureIndex(published, { file: 'content' });
  return messages.map((message) => {
    const byFormat = recorded.get(collapse(message.text));
    if (byFormat) return { message, knownBy: 'format', signatures: [...new Set(byFormat)] };
    const line = sampleLine(message, logger);
    const matching = index.signatures.filter((s) => s.regex.test(line)).map((s) => `${s.failureId}/${s.signatureId}`);
    return { message, knownBy: matching.length > 0 ? 'rendering' : null, signatures: matching };
  });
}
