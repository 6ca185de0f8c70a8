import type { AffectedRelease, Release } from '../../schemas/index.ts';

/**
 * Expands affected-release specs into release IDs, in taxonomy order. A range covers `introduced` up to, not
 * including, `fixed`; without `fixed` it runs through the newest released release: a release still in development
 * is only listed when an entry names it, since nobody can know yet whether it is affected.
 */
export function expandReleases(specs: readonly AffectedRelease[], releases: readonly Release[]): string[] {
  const order = releases.map((r) => r.id);
  const affected = new Set<string>();
  for (const spec of specs) {
    if (typeof spec === 'string') {
      affected.add(spec);
      continue;
    }
    const from = order.indexOf(spec.introduced);
    const released = releases.filter((r) => r.status !== 'development').length;
    const to = spec.fixed === undefined ? released : order.indexOf(spec.fixed);
    if (from < 0 || to < 0) continue;
    for (let i = from; i < to; i++) affected.add(order[i] as string);
  }
  return order.filter((id) => affected.has(id));
}

/** "2024.1 Caracal" for display. */
export function releaseLabel(id: string, releases: readonly Release[]): string {
  const release = releases.find((r) => r.id === id);
  return release ? `${release.id} ${release.name}` : id;
}
