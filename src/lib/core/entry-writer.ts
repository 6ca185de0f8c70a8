/**
 * Writes entry files. Frontmatter is produced by a YAML serializer, never by string concatenation, so no value
 * (however hostile) can close the frontmatter or add YAML structure.
 */
import { Document, Scalar } from 'yaml';

const OPTIONS = { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' } as const;

/**
 * Strings the `yaml` package would write plain but js-yaml (Astro's loader, and the content check) would read back
 * as another type: timestamps become Dates and `0b` literals numbers. These are double-quoted so that a string
 * stays a string for every reader. The regular expressions are js-yaml's.
 */
const JS_YAML_TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;
const JS_YAML_BINARY_INT = /^[-+]?0b[01_]+$/;

function quoteAmbiguousStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!JS_YAML_TIMESTAMP.test(value) && !JS_YAML_BINARY_INT.test(value)) return value;
    const scalar = new Scalar(value);
    scalar.type = 'QUOTE_DOUBLE';
    return scalar;
  }
  if (Array.isArray(value)) return value.map(quoteAmbiguousStrings);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, quoteAmbiguousStrings(item)]));
  }
  return value;
}

export function serializeEntry(data: Record<string, unknown>, body: string): string {
  const yaml = new Document(quoteAmbiguousStrings(data)).toString(OPTIONS);
  const text = body.trim();
  return `---\n${yaml}---\n${text ? `\n${text}\n` : ''}`;
}
