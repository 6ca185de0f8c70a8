/**
 * Writes entry files. Frontmatter is produced by a YAML serializer, never by string concatenation, so no value
 * (however hostile) can close the frontmatter or add YAML structure.
 */
import { stringify } from 'yaml';

export function serializeEntry(data: Record<string, unknown>, body: string): string {
  const yaml = stringify(data, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
  const text = body.trim();
  return `---\n${yaml}---\n${text ? `\n${text}\n` : ''}`;
}
