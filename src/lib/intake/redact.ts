/**
 * Redaction: before a submission is written anywhere, addresses, host names, IDs and secrets are replaced by
 * stable placeholders (the same value always gets the same placeholder, across every field of the submission).
 * Placeholders keep the shape of what they replace where that is possible (IPv4 addresses become documentation
 * addresses such as 192.0.2.1, UUIDs stay UUIDs, host names become host-1), so redacted log lines still match the
 * catalogue's signatures and can become signature examples as they stand.
 *
 * Every pattern runs on RE2 (re2js), whose matching time is linear in the input: a 65,536-character hostile body
 * such as "a.a.a.a..." would take seconds with JavaScript's backtracking engine.
 *
 * Redaction is best effort. The form asks reporters to remove secrets themselves; this catches what slips through.
 */
import { RE2JS } from 're2js';

export const REDACTION_KINDS = ['private-key', 'ssh-key', 'token', 'password', 'email', 'hostname', 'ip-address', 'uuid'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** Secrets stay in the GitHub issue even after the draft is clean, so the comment asks for an edit and a rotation. */
export const SECRET_KINDS: ReadonlySet<RedactionKind> = new Set(['private-key', 'ssh-key', 'token', 'password']);

export interface RedactionSummary {
  kind: RedactionKind;
  /** Distinct values replaced. */
  count: number;
  /** Labels of the fields they were found in, in form order. */
  fields: string[];
  placeholders: string[];
}

export interface TextField {
  id: string;
  label: string;
  text: string;
}

interface Match {
  start: number;
  end: number;
  groups: (string | null)[];
  groupStart: (g: number) => number;
  groupEnd: (g: number) => number;
}

const compiled = new Map<string, RE2JS>();
function re(pattern: string, caseInsensitive = false): RE2JS {
  const key = `${caseInsensitive ? 'i' : '-'}${pattern}`;
  let regex = compiled.get(key);
  if (!regex) {
    regex = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
    compiled.set(key, regex);
  }
  return regex;
}

/** Every match of `regex` in `text`, left to right (RE2: linear time). */
function* matches(regex: RE2JS, text: string): Generator<Match> {
  const m = regex.matcher(text);
  while (m.find()) {
    const groups: (string | null)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
    yield { start: m.start(), end: m.end(), groups, groupStart: (g) => m.start(g), groupEnd: (g) => m.end(g) };
  }
}

/** Replaces group `group` of each match for which `replace` returns a string; other text is copied as it is. */
function replaceGroup(text: string, regex: RE2JS, group: number, replace: (value: string, m: Match) => string | undefined): string {
  let out = '';
  let last = 0;
  for (const m of matches(regex, text)) {
    const value = m.groups[group];
    if (value === null || value === undefined) continue;
    const replacement = replace(value, m);
    if (replacement === undefined) continue;
    out += text.slice(last, m.groupStart(group)) + replacement;
    last = m.groupEnd(group);
  }
  return out + text.slice(last);
}

// Top-level domains that mark a dotted name as a host name. Those that are also common Python attribute or file
// names (LOG.info, flask.app, x.py) are either left out or, for the "ambiguous" set, need three or more labels.
const CLEAR_TLDS = 'com net org edu gov mil arpa eu uk de fr nl ch se dk fi ru jp cn kr au nz ca br mx za sg hk tw cz sk hu ro bg gr lt lv ee ua ie pt local localdomain lan internal intranet corp priv'.split(' ');
const AMBIGUOUS_TLDS = 'io co us es pl it in me be at no dev app cloud tech site online xyz int test prod stg home example invalid'.split(' ');
/** Public domains whose names identify nobody's cloud and are useful to keep (links to upstream docs and bugs). */
const PUBLIC_DOMAINS = [
  'openstack.org',
  'opendev.org',
  'launchpad.net',
  'github.com',
  'githubusercontent.com',
  'gitlab.com',
  'python.org',
  'pypi.org',
  'rabbitmq.com',
  'ceph.io',
  'ceph.com',
  'kernel.org',
  'redhat.com',
  'ubuntu.com',
  'canonical.com',
  'debian.org',
  'mariadb.org',
  'mariadb.com',
  'ovn.org',
  'openvswitch.org',
  'libvirt.org',
  'example.com',
  'example.net',
  'example.org',
];
/** Words that appear before ":<number>" in logs without being host names. */
const NOT_HOSTS = new Set(
  'localhost port ports pid line lines errno retry retries timeout code status id uid gid http https tcp udp ssl tls unix file step attempt attempts size len length version default error warning info debug critical trace count limit max min seconds sec ms'.split(' '),
);
/** A dotted name ending in one of these is a file, not a host (manager.py:1234). */
const FILE_EXTENSIONS = new Set('py pyc sh go c h js ts rb java conf ini cfg yaml yml json log txt xml html j2'.split(' '));
/** Bounds the alternation of learned names (a hostile submission could name thousands of hosts). */
const MAX_LEARNED_HOSTS = 200;
const KEEP_IPV4 = /^(?:0\.0\.0\.0|127\.\d+\.\d+\.\d+|255\.255\.\d+\.\d+|169\.254\.169\.254)$/;

const PATTERNS = {
  privateKey: re('-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\\s\\S]*)'),
  sshKey: re('(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\\d+|sk-ssh-ed25519@openssh\\.com) (AAAA[0-9A-Za-z+/]+={0,3})'),
  knownTokens: re('(gAAAAA[0-9A-Za-z_-]{20,}={0,2}|eyJ[0-9A-Za-z_-]{8,}\\.eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,}|AKIA[0-9A-Z]{16}|gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{30,})'),
  tokenHeader: re('\\b(?:x-auth-token|x-subject-token|x-service-token|authorization)["\']?\\s*[:=]\\s*["\']?(?:(?:bearer|basic|token)\\s+)?([^\\s"\',;]+)', true),
  urlPassword: re('[a-z][a-z0-9+.-]*://[^\\s:@/]+:([^\\s@/]+)@', true),
  keyValueSecret: re(
    '\\b[a-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)["\']?\\s*[:=]\\s*("[^"\\n]*"|\'[^\'\\n]*\'|[^\\s"\',;{}()\\[\\]]+)',
    true,
  ),
  passwordFlag: re('--(?:os-)?password(?:\\s+|=)([^\\s"\']+)', true),
  email: re('\\b([a-z0-9._%+-]+@(?:[a-z0-9-]+\\.)+[a-z]{2,})\\b', true),
  fqdn: re(`\\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${[...CLEAR_TLDS, ...AMBIGUOUS_TLDS].join('|')}))\\b`, true),
  ipv4: re('\\b((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})\\b'),
  ipv6Candidate: re('([0-9a-f]*:[0-9a-f:]*:[0-9a-f:]*)', true),
  uuid: re('\\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b', true),
  hex32: re('\\b([0-9a-f]{32})\\b', true),
  hostPort: re('(?:^|[^a-z0-9_.-])([a-z][a-z0-9-]*[a-z0-9](?:\\.[a-z0-9-]+)*):(\\d{2,5})\\b', true),
  hostAssignment: re('\\b(?:host|hostname|host_name|node_name|server_host)["\']?\\s*[=:]\\s*["\']?([a-z][a-z0-9-]*[a-z0-9])\\b', true),
  hostInProse: re('\\b(?:on|to|from) host ([a-z][a-z0-9-]*\\d[a-z0-9-]*)\\b', true),
};

function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/** Whether the character at `index` continues a dotted name or a number (so a match there is only part of one). */
function continuesName(text: string, index: number): boolean {
  const ch = text[index];
  if (ch === undefined) return false;
  if (/[A-Za-z0-9_-]/.test(ch)) return true;
  return ch === '.' && /[A-Za-z0-9]/.test(text[index + 1] ?? '');
}

function isPlaceholder(value: string): boolean {
  return /^(?:host-\d+|user-\d+@example\.com|host-\d+\.example\.com|<[a-z-]+-\d+>)$/.test(value);
}

export class Redactor {
  readonly #placeholders = new Map<RedactionKind, Map<string, string>>();
  readonly #fieldsByKind = new Map<RedactionKind, Set<string>>();
  /** Short host names (with a digit or dash, so not ordinary words) learned anywhere in the submission. */
  readonly #learnedHosts = new Set<string>();
  #hostNumbers = new Map<string, number>();
  #currentField = '';

  /** Redacts every field; host names learned in one field are redacted in all of them. */
  redactFields(fields: readonly TextField[]): Map<string, string> {
    for (const f of fields) this.#learnHosts(f.text);
    const out = new Map<string, string>();
    for (const f of fields) out.set(f.id, this.redact(f.label, f.text));
    return out;
  }

  redact(fieldLabel: string, text: string): string {
    this.#currentField = fieldLabel;
    let t = text;
    t = replaceGroup(t, PATTERNS.privateKey, 0, (v) => this.#secret('private-key', v));
    t = replaceGroup(t, PATTERNS.sshKey, 1, (v) => this.#secret('ssh-key', v));
    t = replaceGroup(t, PATTERNS.knownTokens, 1, (v) => this.#secret('token', v));
    t = replaceGroup(t, PATTERNS.tokenHeader, 1, (v) => this.#secret('token', v));
    t = replaceGroup(t, PATTERNS.urlPassword, 1, (v) => this.#secret('password', v));
    t = replaceGroup(t, PATTERNS.keyValueSecret, 1, (v) => this.#quotedSecret(v));
    t = replaceGroup(t, PATTERNS.passwordFlag, 1, (v) => this.#secret('password', v));
    t = replaceGroup(t, PATTERNS.email, 1, (v) => (isPlaceholder(v) || this.#isPublic(v.split('@')[1]!) ? undefined : this.#numbered('email', v.toLowerCase(), (n) => `user-${n}@example.com`)));
    t = replaceGroup(t, PATTERNS.fqdn, 1, (v, m) => (continuesName(t, m.groupEnd(1)) || !this.#isHostName(v) ? undefined : this.#fqdn(v)));
    t = replaceGroup(t, PATTERNS.ipv4, 1, (v, m) => (continuesName(t, m.groupEnd(1)) || (m.groupStart(1) > 0 && t[m.groupStart(1) - 1] === '.') || KEEP_IPV4.test(v) ? undefined : this.#ipv4(v)));
    t = replaceGroup(t, PATTERNS.ipv6Candidate, 1, (v) => (isIPv6(v) && v !== '::1' ? this.#numbered('ip-address', v.toLowerCase(), (n) => `2001:db8::${n.toString(16)}`) : undefined));
    t = replaceGroup(t, PATTERNS.uuid, 1, (v) => this.#numbered('uuid', v.toLowerCase(), (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`));
    t = replaceGroup(t, PATTERNS.hex32, 1, (v) => (/^\d+$/.test(v) ? undefined : this.#numbered('uuid', v.toLowerCase(), (n) => n.toString(16).padStart(32, '0'))));
    t = replaceGroup(t, PATTERNS.hostPort, 1, (v, m) => (t[m.end] === ':' || !this.#isShortHost(v) ? undefined : this.#host(v)));
    t = replaceGroup(t, PATTERNS.hostAssignment, 1, (v) => (this.#isShortHost(v) ? this.#host(v) : undefined));
    t = replaceGroup(t, PATTERNS.hostInProse, 1, (v) => (this.#isShortHost(v) ? this.#host(v) : undefined));
    return this.#redactLearnedHosts(t);
  }

  summary(): RedactionSummary[] {
    return REDACTION_KINDS.filter((kind) => this.#placeholders.has(kind)).map((kind) => {
      const values = [...this.#placeholders.get(kind)!.values()];
      return { kind, count: new Set(values).size, fields: [...(this.#fieldsByKind.get(kind) ?? [])], placeholders: [...new Set(values)] };
    });
  }

  #record(kind: RedactionKind) {
    let fields = this.#fieldsByKind.get(kind);
    if (!fields) this.#fieldsByKind.set(kind, (fields = new Set()));
    fields.add(this.#currentField);
  }

  #numbered(kind: RedactionKind, original: string, make: (n: number) => string): string {
    let map = this.#placeholders.get(kind);
    if (!map) this.#placeholders.set(kind, (map = new Map()));
    let placeholder = map.get(original);
    if (!placeholder) {
      placeholder = make(map.size + 1);
      map.set(original, placeholder);
    }
    this.#record(kind);
    return placeholder;
  }

  #secret(kind: RedactionKind, value: string): string | undefined {
    if (isPlaceholder(value)) return undefined;
    return this.#numbered(kind, value, (n) => `<${kind}-${n}>`);
  }

  /** A `key = value` secret: quotes stay, values that are already masked (***) stay. */
  #quotedSecret(value: string): string | undefined {
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    const inner = quote ? value.slice(1, -1) : value;
    if (inner === '' || /^\*+$/.test(inner) || isPlaceholder(inner)) return undefined;
    return `${quote}${this.#numbered('password', inner, (n) => `<password-${n}>`)}${quote}`;
  }

  #ipv4(value: string): string {
    return this.#numbered('ip-address', value, (n) => {
      const ranges = ['192.0.2', '198.51.100', '203.0.113'];
      const range = ranges[Math.floor((n - 1) / 254)];
      return range ? `${range}.${((n - 1) % 254) + 1}` : `<ip-address-${n}>`;
    });
  }

  #isPublic(domain: string): boolean {
    const d = domain.toLowerCase();
    return PUBLIC_DOMAINS.some((p) => d === p || d.endsWith(`.${p}`));
  }

  #isHostName(name: string): boolean {
    const labels = name.toLowerCase().split('.');
    const tld = labels[labels.length - 1]!;
    if (this.#isPublic(name) || isPlaceholder(name)) return false;
    return CLEAR_TLDS.includes(tld) || (AMBIGUOUS_TLDS.includes(tld) && labels.length >= 3);
  }

  #isShortHost(name: string): boolean {
    const lower = name.toLowerCase();
    if (isPlaceholder(lower) || NOT_HOSTS.has(lower) || lower.length < 3) return false;
    const labels = lower.split('.');
    return !(labels.length > 1 && FILE_EXTENSIONS.has(labels[labels.length - 1]!)) && !this.#isPublic(lower);
  }

  #hostNumber(label: string): number {
    let n = this.#hostNumbers.get(label);
    if (n === undefined) {
      n = this.#hostNumbers.size + 1;
      this.#hostNumbers.set(label, n);
    }
    return n;
  }

  /** controller1.cloud.example.org -> host-1.example.com, and controller1 alone -> host-1. */
  #fqdn(name: string): string {
    const first = name.toLowerCase().split('.')[0]!;
    const n = this.#hostNumber(first);
    return this.#numbered('hostname', name.toLowerCase(), () => `host-${n}.example.com`);
  }

  #host(name: string): string {
    const lower = name.toLowerCase();
    if (lower.includes('.')) return this.#fqdn(lower);
    const n = this.#hostNumber(lower);
    return this.#numbered('hostname', lower, () => `host-${n}`);
  }

  #learnHosts(text: string) {
    const learn = (name: string) => {
      const first = name.toLowerCase().split('.')[0]!;
      if (/[\d-]/.test(first) && this.#isShortHost(first) && this.#learnedHosts.size < MAX_LEARNED_HOSTS) this.#learnedHosts.add(first);
    };
    for (const m of matches(PATTERNS.fqdn, text)) if (this.#isHostName(m.groups[1]!)) learn(m.groups[1]!);
    for (const m of matches(PATTERNS.hostPort, text)) if (this.#isShortHost(m.groups[1]!)) learn(m.groups[1]!);
    for (const m of matches(PATTERNS.hostAssignment, text)) learn(m.groups[1]!);
    for (const m of matches(PATTERNS.hostInProse, text)) learn(m.groups[1]!);
  }

  /** Every other mention of a learned host name, as a whole word, gets the same placeholder. */
  #redactLearnedHosts(text: string): string {
    if (this.#learnedHosts.size === 0) return text;
    const names = [...this.#learnedHosts].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
    const regex = re(`(?:^|[^a-z0-9_.-])(${names.join('|')})\\b`, true);
    return replaceGroup(text, regex, 1, (v, m) => (continuesName(text, m.groupEnd(1)) ? undefined : this.#host(v)));
  }
}
