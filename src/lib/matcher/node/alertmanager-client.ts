/**
 * Posts alerts to Alertmanager's API v2 (POST <url>/api/v2/alerts, a JSON array), with a time limit. An error
 * says what Alertmanager answered, so a wrong URL or a refused payload is visible in the log.
 * @see https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
 */
import type { PostableAlert } from '../follow/alert-book.ts';

const POST_TIMEOUT_MS = 10_000;

/** The alerts endpoint under an Alertmanager base URL (with or without a trailing slash or path prefix). */
export function alertsEndpoint(baseUrl: string): URL {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new Error(`--alertmanager ${JSON.stringify(baseUrl)}: is not a URL. Fix: give Alertmanager's base URL, e.g. http://alertmanager:9093`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`--alertmanager ${JSON.stringify(baseUrl)}: only http:// and https:// are supported. Fix: e.g. http://alertmanager:9093`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('api/v2/alerts', base);
}

export async function postAlerts(endpoint: URL, alerts: readonly PostableAlert[], timeoutMs = POST_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new Error(`${endpoint.href}: could not post ${alerts.length} alert${alerts.length === 1 ? '' : 's'} (${cause})`, { cause: error });
  }
  const body = await response.text();
  if (!response.ok) throw new Error(`${endpoint.href}: Alertmanager answered ${response.status} ${response.statusText}: ${body.slice(0, 300)}`);
}
