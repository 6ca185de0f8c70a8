/**
 * The build keeps every failure's similar failures in its cache (src/lib/site/similar-memo.ts) and reads them back
 * while nothing they are computed from has changed. A stale memo would show wrong "similar failures" and, through
 * the pages' cache keys, keep stale pages, so this checks the memo gives what computing gives, is used only for
 * equal inputs and code, and is computed afresh otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { catalogueFromContent, type Catalogue, type SimilarMemo } from '../../src/lib/core/catalogue.ts';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { buildSimilarMemo, fileSimilarMemo, SIMILAR_MEMO_VARIABLE } from '../../src/lib/site/similar-memo.ts';
import { makeFailure, writeContentRoot } from '../fixtures/entries.ts';

const work = mkdtempSync(join(tmpdir(), 'fc-similar-memo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const failures = [
  makeFailure(),
  makeFailure({ id: 'FAIL-0002', title: 'RabbitMQ broker unreachable after a controller reboot', summary: 'Services lose the AMQP broker when a controller reboots.' }),
  makeFailure({ id: 'FAIL-0003', title: 'RPC calls time out waiting for a reply from the broker', summary: 'MessagingTimeout while the broker is overloaded.' }),
  makeFailure({ id: 'FAIL-0004', title: 'Nova compute service down', summary: 'The compute service stops reporting.', category: 'software-defect', services: ['nova'] }),
];

/** The catalogue a build would make from these failures (with `edit` applied to FAIL-0002), with or without a memo. */
function catalogue(memo: SimilarMemo | undefined, edit: Record<string, unknown> = {}): Catalogue {
  const { content, problems } = checkContentRoot(writeContentRoot({ failures: failures.map((f) => (f.id === 'FAIL-0002' ? { ...f, ...edit } : f)) }));
  expect(problems).toEqual([]);
  return catalogueFromContent(content, { includeDrafts: false, ...(memo ? { similarMemo: memo } : {}) });
}

/** A memo that counts how often the results had to be computed. */
function counting(file: string, scope = 'code-1'): SimilarMemo & { computed: number } {
  const memo = fileSimilarMemo({ file, scope });
  const counted = {
    computed: 0,
    get: (inputs: unknown, compute: () => ReturnType<Parameters<SimilarMemo['get']>[1]>) =>
      memo.get(inputs, () => {
        counted.computed++;
        return compute();
      }),
  };
  return counted;
}

const shown = (c: Catalogue) => Object.fromEntries(c.failures.map((f) => [f.id, c.similar(f.id).map((m) => [m.id, m.score, m.reasons, m.failure.title])]));

describe('the memo of similar failures', () => {
  test('is filled ahead of the pages by prepareSimilar (as the feed writer does), which then read it', () => {
    const file = join(work, 'prepared.json');
    const fresh = shown(catalogue(undefined));
    const writer = counting(file);
    catalogue(writer).prepareSimilar();
    expect(writer.computed).toBe(1);
    const pages = counting(file);
    expect(shown(catalogue(pages))).toEqual(fresh);
    expect(pages.computed).toBe(0);
    // Without a memo there is nowhere to keep them: nothing is computed ahead.
    expect(() => catalogue(undefined).prepareSimilar()).not.toThrow();
  });

  test('gives what computing gives, and is read back for equal inputs', () => {
    const file = join(work, 'equal.json');
    const fresh = shown(catalogue(undefined));
    expect(fresh['FAIL-0001']!.map(([id]) => id)).toContain('FAIL-0002');
    const first = counting(file);
    expect(shown(catalogue(first))).toEqual(fresh);
    expect(first.computed).toBe(1);
    const second = counting(file);
    expect(shown(catalogue(second))).toEqual(fresh);
    expect(second.computed).toBe(0);
  });

  test('is computed afresh when a title or summary changes, and shows the change', () => {
    const file = join(work, 'edited.json');
    catalogue(counting(file)).similar('FAIL-0001');
    const memo = counting(file);
    const edited = catalogue(memo, { title: 'Renamed: RabbitMQ broker unreachable after a controller reboot' });
    expect(edited.similar('FAIL-0001').map((m) => m.failure.title)).toContain('Renamed: RabbitMQ broker unreachable after a controller reboot');
    expect(memo.computed).toBe(1);
    expect(shown(edited)).toEqual(shown(catalogue(undefined, { title: 'Renamed: RabbitMQ broker unreachable after a controller reboot' })));
  });

  test('is computed afresh when related links change', () => {
    const file = join(work, 'related.json');
    catalogue(counting(file)).similar('FAIL-0001');
    const memo = counting(file);
    // A related failure is listed as related, not as similar.
    expect(catalogue(memo, { related: ['FAIL-0001'] }).similar('FAIL-0001').map((m) => m.id)).not.toContain('FAIL-0002');
    expect(memo.computed).toBe(1);
  });

  test('is computed afresh when the code that computes it changes', () => {
    const file = join(work, 'code.json');
    catalogue(counting(file, 'code-1')).similar('FAIL-0001');
    const memo = counting(file, 'code-2');
    catalogue(memo).similar('FAIL-0001');
    expect(memo.computed).toBe(1);
  });

  test('is set up only by a build, through its variable', () => {
    expect(buildSimilarMemo({})).toBeUndefined();
    expect(buildSimilarMemo({ [SIMILAR_MEMO_VARIABLE]: JSON.stringify({ file: join(work, 'env.json'), scope: 's' }) })).toBeDefined();
  });
});
