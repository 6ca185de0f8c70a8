/**
 * `match --follow` on files, as `tail -F` does it: a file rotated (renamed and recreated) and truncated while
 * lines are being written, some of them in two writes, has every line counted exactly once; an existing file is
 * followed from its end unless asked otherwise; a file that does not exist yet is read once it appears.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FollowSession } from '../../src/lib/matcher/follow/follow-session.ts';
import { FileFollower } from '../../src/lib/matcher/node/file-follower.ts';
import { prepareMatcher, type PreparedMatcher } from '../../src/lib/matcher/prepare.ts';
import { exampleLine, feedOf, simpleFailures, waitUntil } from '../fixtures/follow.ts';

let work: string;
let matcher: PreparedMatcher;
let matchingLine: (i: number) => string;
const healthyLine = (i: number) => `2026-03-04 10:15:02.123 2741 INFO nova.compute.manager [-] Running periodic task ComputeManager._heal_instance_info_cache seq=${i}`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'match-follow-file-'));
  const failures = simpleFailures(3);
  const feed = feedOf(failures);
  const prepared = prepareMatcher({ name: 'failures.json', text: feed.failures }, { name: 'remediations.json', text: feed.remediations });
  if (!prepared.matcher) throw new Error(prepared.problems.map((p) => p.message).join('\n'));
  matcher = prepared.matcher;
  // A matching line made unique by a sequence number, so no two lines look alike (as in a real log).
  const example = exampleLine(failures[0]!);
  matchingLine = (i) => `${example} seq=${i}`;
  const regex = matcher.index.signatures[0]!.regex;
  if (!regex.test(matchingLine(1)) || regex.test(healthyLine(1))) throw new Error(`pick another example: ${example}`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function follow(path: string, options: { fromStart?: boolean; pollMs?: number; watch?: boolean } = {}) {
  const session = new FollowSession(matcher, { host: 'test-host', timings: { resolveAfterMs: 60_000, resendMs: 30_000 } });
  const input = session.followInput(path);
  const notices: string[] = [];
  const follower = new FileFollower({
    path,
    fromStart: options.fromStart ?? false,
    pollMs: options.pollMs ?? 25,
    watch: options.watch ?? true,
    onData: (chunk) => input.push(chunk, Date.now()),
    onRestart: () => input.restart(),
    onNotice: (message) => notices.push(message),
  });
  return { session, follower, notices };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('following a file', () => {
  test('rotation and truncation while lines are written: every line counted exactly once', async () => {
    const path = join(work, 'nova-compute.log');
    writeFileSync(path, `${healthyLine(-1)}\n`.repeat(20)); // there before the start: not read
    const { session, follower, notices } = follow(path);
    await follower.start();

    let fd = openSync(path, 'a');
    let written = 0;
    let matching = 0;
    let seq = 0;
    const writeLine = async (split: boolean) => {
      const i = seq++;
      const isMatch = i % 7 === 0;
      const text = `${isMatch ? matchingLine(i) : healthyLine(i)}\n`;
      if (split) {
        // Half a line now, the rest after the follower had a chance to read the half.
        writeSync(fd, text.slice(0, 40));
        await pause(1);
        writeSync(fd, text.slice(40));
      } else {
        writeSync(fd, text);
      }
      written++;
      if (isMatch) matching++;
    };
    const caughtUp = () => waitUntil('the follower to read every line written', () => session.scanned.lines === written, 10_000, 10);

    for (let i = 0; i < 1600; i++) {
      await writeLine(i % 5 === 0);
      if (i % 8 === 0) await pause(1);
      if (i === 500) {
        // logrotate's create: rename, the writer still appends to the old file for a while, then a new file.
        renameSync(path, `${path}.1`);
        for (let k = 0; k < 30; k++) await writeLine(k % 4 === 0);
        closeSync(fd);
        fd = openSync(path, 'a');
      }
      if (i === 1000 || i === 1300) {
        // copytruncate: what is written between the copy and the truncation is lost to any reader, so the copy
        // is taken once the follower has read everything, as logrotate would have copied it.
        await caughtUp();
        ftruncateSync(fd, 0);
        if (i === 1000) {
          // Written at once, before the follower can look: the file is already longer than where it had read to,
          // so only the changed bytes before that position tell that it was truncated.
          for (let k = 0; k < 700; k++) {
            writeSync(fd, `${healthyLine(seq++)}\n`);
            written++;
          }
        }
      }
    }
    closeSync(fd);
    await caughtUp();
    await pause(300); // nothing more arrives: no line was counted twice
    await follower.close();

    expect(session.scanned.lines).toBe(written);
    expect(session.tally.matchedLines).toBe(matching);
    expect(session.tally.series.map((s) => s.matches).reduce((a, b) => a + b, 0)).toBe(matching);
    expect(notices.filter((n) => n.includes('rotated'))).toHaveLength(1);
    expect(notices.filter((n) => n.includes('truncated'))).toHaveLength(2);
  });

  test('a file truncated and rewritten past the read position before the follower looks is read again from 0', async () => {
    const path = join(work, 'copytruncate.log');
    writeFileSync(path, '');
    // Events only (no poll), so no read is under way when the file is truncated and rewritten below.
    const { session, follower, notices } = follow(path, { pollMs: 3_600_000 });
    await follower.start();
    const before = Array.from({ length: 100 }, (_, i) => `${i % 7 === 0 ? matchingLine(i) : healthyLine(i)}\n`).join('');
    writeFileSync(path, before, { flag: 'a' });
    await waitUntil('the first lines', () => session.scanned.lines === 100);
    await pause(200); // the reads that found the end of the file are over
    const after = Array.from({ length: 300 }, (_, i) => `${i % 7 === 0 ? matchingLine(1000 + i) : healthyLine(1000 + i)}\n`).join('');
    expect(after.length).toBeGreaterThan(before.length);
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 0);
    writeSync(fd, after, 0);
    closeSync(fd);
    await waitUntil('the rewritten file', () => session.scanned.lines === 400);
    await pause(100);
    await follower.close();
    expect(session.scanned.lines).toBe(400);
    expect(session.tally.matchedLines).toBe(Math.ceil(100 / 7) + Math.ceil(300 / 7));
    expect(notices.filter((n) => n.includes('truncated'))).toHaveLength(1);
  });

  test('without filesystem events, the poll alone follows a rotation', async () => {
    const path = join(work, 'polled.log');
    writeFileSync(path, '');
    const { session, follower, notices } = follow(path, { watch: false });
    await follower.start();
    writeFileSync(path, `${matchingLine(1)}\n${healthyLine(2)}\n`, { flag: 'a' });
    await waitUntil('the first lines', () => session.scanned.lines === 2);
    renameSync(path, `${path}.1`);
    writeFileSync(`${path}.1`, `${healthyLine(3)}\n`, { flag: 'a' }); // written to the old file after the rename
    writeFileSync(path, `${matchingLine(4)}\n`);
    await waitUntil('the lines of both files', () => session.scanned.lines === 4);
    await follower.close();
    expect(session.tally.matchedLines).toBe(2);
    expect(notices.filter((n) => n.includes('rotated'))).toHaveLength(1);
  });

  test('an existing file is followed from its end, or from its beginning with fromStart', async () => {
    const path = join(work, 'existing.log');
    writeFileSync(path, `${matchingLine(1)}\n${healthyLine(2)}\n`);
    const fromEnd = follow(path);
    const fromStart = follow(path, { fromStart: true });
    await Promise.all([fromEnd.follower.start(), fromStart.follower.start()]);
    writeFileSync(path, `${matchingLine(3)}\n`, { flag: 'a' });
    await waitUntil('both followers to read the new line', () => fromEnd.session.scanned.lines === 1 && fromStart.session.scanned.lines === 3);
    await Promise.all([fromEnd.follower.close(), fromStart.follower.close()]);
    expect(fromEnd.session.tally.matchedLines).toBe(1);
    expect(fromStart.session.tally.matchedLines).toBe(2);
  });

  test('a file that does not exist yet is read from its beginning once it appears', async () => {
    const path = join(work, 'later', 'neutron.log');
    const { session, follower, notices } = follow(path);
    await follower.start();
    expect(notices.join('\n')).toContain('does not exist yet');
    rmSync(join(work, 'later'), { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(work, 'later'));
    writeFileSync(path, `${matchingLine(1)}\n${healthyLine(2)}\nunfinished`);
    await waitUntil('the new file to be read', () => session.scanned.lines === 2);
    await follower.close();
    expect(session.tally.matchedLines).toBe(1);
    expect(notices.join('\n')).toContain('appeared');
  });
});
