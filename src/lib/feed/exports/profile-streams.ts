/**
 * Where a profile says a signature's lines are: the streams of the one process its `component` names (when the
 * profile knows that process), else of its service, else the profile's default streams. A narrower choice is only
 * made when it cannot lose lines: a component such as "nova-compute, nova-api" or "any service using oslo.db"
 * names no single process, so the service's streams are used.
 */
import type { DeploymentProfile, LabelMatchers, LogStream, StreamRef } from '../../../schemas/deployment-profile.ts';

export interface ResolvedStream {
  id: string;
  stream: LogStream;
  /** The stream's matchers with the entry's added (an entry's matcher replaces the stream's for the same label). */
  matchers: LabelMatchers;
}

export interface StreamChoice {
  streams: ResolvedStream[];
  /** What decided: the component's process, the service, or the profile's default. */
  via: 'component' | 'service' | 'default';
}

/**
 * The process a component names, when it names exactly one: `nova-compute` or `nova-compute (libvirt driver)`
 * give nova-compute; `nova-api, nova-compute`, `libvirtd or virtqemud` and prose give nothing.
 */
export function singleProcess(component: string | undefined): string | undefined {
  const match = /^([a-z0-9][a-z0-9_.-]*)(?: \([^()]*\))?$/.exec(component?.trim() ?? '');
  return match?.[1];
}

export function streamsFor(profile: DeploymentProfile, signature: { service: string; component?: string | undefined }): StreamChoice {
  const process = singleProcess(signature.component);
  const componentRefs = process !== undefined ? profile.components[process] : undefined;
  if (componentRefs) return { streams: resolve(profile, componentRefs), via: 'component' };
  const serviceRefs = profile.services[signature.service];
  if (serviceRefs) return { streams: resolve(profile, serviceRefs), via: 'service' };
  return { streams: resolve(profile, profile.default), via: 'default' };
}

function resolve(profile: DeploymentProfile, refs: readonly StreamRef[]): ResolvedStream[] {
  return refs.map((ref) => {
    // The schema checks every reference, so a missing stream here is a bug, not a user error.
    const stream = profile.streams[ref.stream]!;
    return { id: ref.stream, stream, matchers: { ...stream.match, ...ref.match } };
  });
}
