/**
 * What an `.mdx` entry may contain: Markdown, the components of MDX_COMPONENTS with literal string attributes, and
 * imports of exactly those components. No expressions (`{...}`), no other imports or exports, no HTML or other
 * JSX elements: MDX compiles to JavaScript, so anything more would be code running in the build.
 */
import { MDX_COMPONENTS, MDX_COMPONENT_NAMES, type MdxComponentName } from './components.ts';

export interface MdxIssue {
  line: number;
  message: string;
  fix: string;
}

/** Fenced code blocks and inline code spans are text in MDX too: blank them out, keeping line numbers. */
function withoutCode(source: string): string {
  const lines = source.split('\n');
  let fence: string | null = null;
  return lines
    .map((line) => {
      const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== null) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
        return '';
      }
      if (marker) {
        fence = marker;
        return '';
      }
      return line.replace(/(`+)[\s\S]*?\1/g, (m) => ' '.repeat(m.length));
    })
    .join('\n');
}

const IMPORT = /^import\s+([A-Za-z]+)\s+from\s+['"][^'"]*\/components\/mdx\/([A-Za-z]+)\.astro['"];?\s*$/;
const TAG = /<(\/?)([A-Za-z][\w.:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;

export function checkMdx(source: string): MdxIssue[] {
  const issues: MdxIssue[] = [];
  const allowed = new Set<string>(MDX_COMPONENT_NAMES);
  const list = MDX_COMPONENT_NAMES.join(', ');
  withoutCode(source)
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      if (/^\s*(import|export)\b/.test(text)) {
        const m = IMPORT.exec(text.trim());
        if (!m || m[1] !== m[2] || !allowed.has(m[1]!)) {
          issues.push({ line, message: `has ${/^\s*export/.test(text) ? 'an export' : 'an import'} other than one of the entry components`, fix: `remove it; entries may only import ${list} from src/components/mdx/ (and need not: the site provides them)` });
        }
        return;
      }
      if (/(^|[^\\])[{}]/.test(text)) {
        issues.push({ line, message: 'has a { } expression (MDX runs it as JavaScript)', fix: 'remove it, or write a literal brace as \\{ or inside `code`' });
      }
      for (const m of text.matchAll(TAG)) {
        const name = m[2]!;
        if (!allowed.has(name)) {
          issues.push({ line, message: `uses the element <${name}>`, fix: `use Markdown for formatting; the only elements allowed are ${list}` });
          continue;
        }
        if (m[1] === '/') continue;
        const spec = MDX_COMPONENTS[name as MdxComponentName].attributes as Record<string, { required: boolean }>;
        const given = new Set<string>();
        for (const a of (m[3] ?? '').matchAll(ATTRIBUTE)) {
          const [, attr, value] = a;
          given.add(attr!);
          if (!(attr! in spec)) issues.push({ line, message: `gives <${name}> the attribute ${attr}, which it does not take`, fix: `the attributes of ${name} are: ${Object.keys(spec).join(', ') || 'none'}` });
          else if (value === undefined || !/^["']/.test(value)) issues.push({ line, message: `gives ${attr} of <${name}> a value that is not a quoted string`, fix: `write ${attr}="..."` });
        }
        for (const [attr, { required }] of Object.entries(spec)) {
          if (required && !given.has(attr)) issues.push({ line, message: `<${name}> has no ${attr} attribute`, fix: `add ${attr}="..."` });
        }
      }
    });
  return issues;
}
