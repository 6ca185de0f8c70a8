/**
 * An `.mdx` entry's body as plain Markdown, for the feed and every other consumer that is not the site: the
 * component imports are dropped and each component becomes the Markdown a reader would write by hand. Relies on
 * the content check having limited the body to the components of MDX_COMPONENTS.
 */
export function mdxToMarkdown(source: string, toolName: (id: string) => string = (id) => id): string {
  let step = 0;
  let fence: string | null = null;
  const out: string[] = [];
  for (const line of source.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null || marker) {
      if (fence === null) fence = marker!;
      else if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      out.push(line);
      continue;
    }
    if (/^\s*import\s/.test(line)) continue;
    const converted = line
      .replace(/<Steps\s*>|<\/Steps\s*>|<\/Step\s*>|<\/Check\s*>|<\/ToolCommands\s*>/g, '')
      .replace(/<Step\s+title=(["'])(.*?)\1\s*>/g, (_m, _q, title: string) => `**Step ${++step}. ${title}**`)
      .replace(/<Check\s*>/g, '**Check:**')
      .replace(/<ToolCommands\s+([^>]*)>/g, (_m, attrs: string) => {
        const tool = /tool=(["'])(.*?)\1/.exec(attrs)?.[2] ?? '';
        const releases = /releases=(["'])(.*?)\1/.exec(attrs)?.[2];
        return `**With ${toolName(tool)}${releases ? ` (${releases})` : ''}:**`;
      });
    out.push(converted.trim() === '' && line.trim() !== '' ? '' : converted);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** The body as published in the feed: Markdown as written, or an MDX body converted. */
export function feedBody(body: string, file: string, toolName?: (id: string) => string): string {
  return file.endsWith('.mdx') ? mdxToMarkdown(body, toolName) : body;
}
