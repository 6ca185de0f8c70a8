/**
 * The /match/ page in the browser: loads the site's own feed, and matches pasted log lines with the same code
 * as `npm run match`. Nothing leaves the page: the only requests are the two GETs for the feed documents.
 * Everything from the feed or the paste is inserted as text (textContent), never as HTML.
 */
import { paths, url } from '../site/urls.ts';
import { formatProblem } from '../core/problems.ts';
import { prepareMatcher, type PreparedMatcher } from './prepare.ts';
import { buildMatchReport, type MatchReport, type MatchedFailure } from './report.ts';
import { MatchTally } from './tally.ts';
import { belowThresholdText } from './report-text.ts';

const PASTED = 'pasted text';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = element('a', text);
  a.href = href;
  return a;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

async function loadMatcher(feedBase: string): Promise<PreparedMatcher> {
  const fetchText = async (name: string) => {
    const url = new URL(name, new URL(feedBase, location.href)).href;
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return { name: url, text: await response.text() };
  };
  const [failures, remediations] = await Promise.all([fetchText('failures.json'), fetchText('remediations.json')]);
  const { matcher, problems } = prepareMatcher(failures, remediations);
  if (!matcher) throw new Error(`the feed was refused: ${problems.slice(0, 3).map(formatProblem).join(' ')}`);
  return matcher;
}

function match(matcher: PreparedMatcher, text: string): MatchReport {
  const tally = new MatchTally(matcher.index);
  const scan = tally.open(PASTED);
  scan.push(new TextEncoder().encode(text));
  scan.end();
  return buildMatchReport({ feed: matcher.feed, signatures: matcher.index.signatures.length, totals: tally.totals, hits: tally.failures });
}

function renderLine(label: string, ref: MatchedFailure['first']): HTMLElement[] {
  const dd = element('dd');
  dd.append(`line ${ref.line}: `, element('code', ref.text));
  return [element('dt', label), dd];
}

function renderFailure(failure: MatchedFailure): HTMLLIElement {
  const item = element('li', undefined, 'card match');
  const heading = element('h3');
  heading.append(link(paths.failure(failure.id), `${failure.id}: ${failure.title}`));
  const badges = element('ul', undefined, 'badges');
  badges.append(element('li', failure.severity, `badge sev-${failure.severity}`));
  if (failure.status !== 'published') badges.append(element('li', failure.status, `badge st-${failure.status}`));
  const signatures = failure.signatures.map((s) => `${s.id} (${s.lines_matched})`).join(', ');
  const facts = element('dl', undefined, 'facts');
  facts.append(element('dt', 'Lines matched'), element('dd', `${failure.lines_matched} (signatures: ${signatures})`));
  facts.append(...renderLine('First', failure.first));
  if (failure.lines_matched > 1) facts.append(...renderLine('Last', failure.last));
  item.append(heading, badges, facts, element('h4', 'Remediations'));
  if (failure.remediations.length === 0) {
    item.append(element('p', 'None published yet: see the failure page for diagnosis.'));
    return item;
  }
  const list = element('ul', undefined, 'remediations');
  for (const r of failure.remediations) {
    const li = element('li');
    const facts = [r.type, `risk ${r.risk}`, `disruption ${r.disruption}`, r.verification_status];
    if (r.automation) facts.push(`automation: ${r.automation}`);
    li.append(link(paths.remediation(r.id), `${r.id}: ${r.title}`), element('span', ` (${facts.join(', ')})`, 'muted'));
    list.append(li);
  }
  item.append(list);
  return item;
}

function renderReport(container: HTMLElement, report: MatchReport): string {
  container.replaceChildren();
  const below = report.below_threshold.map((f) => element('li', belowThresholdText(f)));
  if (below.length > 0) {
    const list = element('ul', undefined, 'below-threshold');
    list.append(...below);
    container.append(element('h2', 'Seen, but below a threshold'), list);
  }
  const scope = `${plural(report.scanned.lines, 'line')} against ${plural(report.feed.signatures, 'signature')}`;
  if (report.failures.length === 0) {
    const advice = element('p', 'None of the lines matches a published log signature. ');
    advice.append(link(url('/search/'), 'Search the catalogue'), ' by symptom, or report the failure if it is new.');
    container.prepend(element('h2', 'No known failure found'), advice);
    return `No known failure found in ${scope}.`;
  }
  const list = element('ol', undefined, 'matches');
  list.append(...report.failures.map(renderFailure));
  container.prepend(element('h2', `${plural(report.failures.length, 'known failure')} found`), list);
  if (report.scanned.truncated_lines > 0) container.append(element('p', `${plural(report.scanned.truncated_lines, 'line')} longer than 64 KiB were matched on their first 64 KiB.`));
  return `${plural(report.failures.length, 'known failure')} found in ${scope}.`;
}

/** A few real-format lines from the feed's own examples, so an operator can see what a match looks like. */
function exampleLines(matcher: PreparedMatcher): string {
  return matcher.feed.failures
    .flatMap((f) => (f.status === 'published' ? f.signatures.filter((s) => !s.threshold) : []))
    .map((s) => s.examples.match[0] ?? s.examples.observed[0]?.line)
    .filter((line): line is string => line !== undefined)
    .slice(0, 3)
    .join('\n');
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('#match-form');
  const input = document.querySelector<HTMLTextAreaElement>('#log-text');
  const status = document.querySelector<HTMLElement>('#match-status');
  const results = document.querySelector<HTMLElement>('#match-results');
  const example = document.querySelector<HTMLButtonElement>('#match-example');
  if (!form || !input || !status || !results || !example) return;
  const buttons = [...form.querySelectorAll('button')];

  loadMatcher(form.dataset.feed ?? '/api/v1/').then(
    (matcher) => {
      status.textContent = `Ready: ${plural(matcher.index.signatures.length, 'signature')} of ${plural(matcher.feed.failures.length, 'failure')} loaded. Paste log lines and choose Match.`;
      for (const button of buttons) button.disabled = false;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        status.textContent = renderReport(results, match(matcher, input.value));
      });
      example.addEventListener('click', () => {
        input.value = exampleLines(matcher);
        input.focus();
      });
    },
    (error: unknown) => {
      status.textContent = `The catalogue's signatures could not be loaded (${(error as Error).message}). Reload the page to try again.`;
    },
  );
}

start();
