/**
 * The intake's one comment on an issue, updated in place on every run: the result (drafts created, or what to fix),
 * the similar failures, the redactions. A hidden marker identifies the comment and records what the run did, so
 * the next run can update the comment and tell whether the work group has pushed to the draft's branch since.
 * Submitted text is quoted only inside code spans or escaped, so it cannot mention people or render as markup.
 */
import type { IntakeResult } from './process.ts';
import { escapeProse, codeSpan } from './markdown.ts';
import { SECRET_KINDS, type RedactionKind, type RedactionSummary } from './redact.ts';

export const COMMENT_MARKER = 'failure-catalogue-intake';

export interface CommentState {
  /** SHA-256 of the issue body the run processed. */
  bodySha256: string;
  /** The commit the run pushed to the draft branch, if any. */
  commit?: string;
}

export interface CommentLinks {
  /** https://github.com/<owner>/<repo> */
  repositoryUrl: string;
  defaultBranch: string;
  /** Where the drafts live: the intake branch, or the default branch for an offline run. */
  draftBranch?: string;
  /** Path of the content root inside the repository, e.g. "content". */
  contentPath: string;
  pullRequest?: { number: number; url: string };
  /** Set when the branch has commits from the work group, which the intake does not overwrite. */
  branchKept?: boolean;
}

const KIND_NAMES: Record<RedactionKind, [string, string]> = {
  'private-key': ['private key', 'private keys'],
  'ssh-key': ['SSH key', 'SSH keys'],
  token: ['token', 'tokens'],
  password: ['password or secret', 'passwords or secrets'],
  email: ['e-mail address', 'e-mail addresses'],
  hostname: ['host name', 'host names'],
  'ip-address': ['IP address', 'IP addresses'],
  uuid: ['ID', 'IDs'],
};

export function formatMarker(state: CommentState): string {
  return `<!-- ${COMMENT_MARKER}: ${JSON.stringify(state)} -->`;
}

export function parseMarker(body: string): CommentState | undefined {
  const match = new RegExp(`^<!-- ${COMMENT_MARKER}: (\\{[^\\n]*\\}) -->`).exec(body);
  if (!match) return undefined;
  try {
    const state = JSON.parse(match[1]!) as Partial<CommentState>;
    if (typeof state.bodySha256 !== 'string') return undefined;
    return { bodySha256: state.bodySha256, ...(typeof state.commit === 'string' ? { commit: state.commit } : {}) };
  } catch {
    return undefined;
  }
}

/** One line of submitted or derived text, safe inside a sentence or a table cell. */
function inline(text: string): string {
  return escapeProse(text.replace(/\s+/g, ' ')).replace(/\n/g, ' ');
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function redactionText(redactions: readonly RedactionSummary[]): string[] {
  if (redactions.length === 0) return [];
  const parts = redactions.map((r) => `${r.count} ${KIND_NAMES[r.kind][r.count === 1 ? 0 : 1]}`);
  const fields = [...new Set(redactions.flatMap((r) => r.fields))];
  const examples = redactions.slice(0, 3).map((r) => codeSpan(r.placeholders[0]!));
  const out = [`**Redacted before anything was written:** ${list(parts)} (in ${list(fields)}), replaced by stable placeholders such as ${list(examples)}.`];
  const secrets = redactions.filter((r) => SECRET_KINDS.has(r.kind)).map((r) => KIND_NAMES[r.kind][1]);
  if (secrets.length > 0) {
    out.push(`> **Secrets were found** (${list(secrets)}). They are not in the draft, but they are still in this issue and its edit history: edit the issue to remove them, and change them wherever they are used.`);
  }
  return out;
}

function similarTable(result: IntakeResult, links: CommentLinks): string[] {
  if (result.similar.length === 0) return result.template === 'report-failure' ? ['**Similar published failures:** none found.'] : [];
  const rows = result.similar.map((m) => {
    const url = `${links.repositoryUrl}/blob/${links.defaultBranch}/${links.contentPath}/failures/${m.id}.md`;
    const reasons = [
      ...(m.signature ? [`its signature ${codeSpan(m.signature.id)} matches ${codeSpan(m.signature.line.slice(0, 160))}`] : []),
      ...m.reasons.filter((r) => !r.startsWith('its signature ')).map(inline),
    ];
    return `| [${m.id}](${url}) ${inline(m.title)} | ${m.score.toFixed(2)} | ${reasons.join('; ')} |`;
  });
  return [
    `**Most similar published failures**${result.duplicate ? ' (possible duplicate: if it is one of these, say which in a comment)' : ''}:`,
    ['| Failure | Score | Why |', '| --- | --- | --- |', ...rows].join('\n'),
  ];
}

export function renderComment(result: IntakeResult, state: CommentState, links: CommentLinks): string {
  const blocks: string[] = [formatMarker(state)];
  if (result.status === 'rejected') {
    blocks.push(
      '**Intake: the submission needs changes.** Edit the issue to fix what is listed below; the intake runs again after every edit.',
      result.problems.map((p) => `- **${inline(p.field)}**: ${inline(p.message)}. Fix: ${inline(p.fix)}.`).join('\n'),
    );
  } else if (links.branchKept) {
    // The drafts of this run were not pushed, so they are not listed: the pull request holds the reviewed ones.
    blocks.push(
      `**Intake: your edit was read, but the draft was not regenerated.** The work group has already changed the draft${links.pullRequest ? ` in #${links.pullRequest.number}` : ''}, and the intake never overwrites their work; they will take your edit into account.`,
    );
  } else {
    const where = links.pullRequest ? `The work group reviews it in #${links.pullRequest.number}.` : 'No pull request was opened (offline run).';
    const branch = links.draftBranch ?? links.defaultBranch;
    blocks.push(
      `**Intake: draft created.** ${where}`,
      result.drafts
        .map((d) => `- [${codeSpan(`${links.contentPath}/${d.path}`)}](${links.repositoryUrl}/blob/${branch}/${links.contentPath}/${d.path}): draft ${d.collection.replace(/s$/, '')} ${d.id}`)
        .join('\n'),
    );
  }
  blocks.push(...similarTable(result, links));
  blocks.push(...redactionText(result.redactions));
  if (result.reviewNotes.length > 0) blocks.push(`**For the work group:**\n${result.reviewNotes.map((n) => `- ${inline(n)}`).join('\n')}`);
  if (result.warnings.length > 0) blocks.push(`**Notes:**\n${result.warnings.map((n) => `- ${inline(n)}`).join('\n')}`);
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n')}\n`;
}
