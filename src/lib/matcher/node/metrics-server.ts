/**
 * Serves the follow mode's metrics on GET /metrics in the Prometheus text format, with node:http alone: one
 * endpoint needs no framework. Anything else is 404, anything but GET/HEAD is 405.
 */
import { createServer, type Server } from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from '../follow/prometheus-text.ts';

export interface ListenAddress {
  host: string;
  port: number;
}

/** "127.0.0.1:9464", "[::1]:9464", ":9464" (all interfaces), or an error that says how to write it. */
export function parseListenAddress(value: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--metrics-listen ${JSON.stringify(value)}: is not HOST:PORT. Fix: e.g. --metrics-listen 127.0.0.1:9464, [::1]:9464, or :9464 for all interfaces`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

export interface MetricsServer {
  /** The address it listens on (the port the system chose, when 0 was asked for). */
  address: ListenAddress;
  close(): Promise<void>;
}

export async function startMetricsServer(address: ListenAddress, render: () => string): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let body: string;
    try {
      body = render();
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${(error as Error).message}\n`);
      return;
    }
    response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = bound !== null && typeof bound === 'object' ? bound.port : address.port;
  return {
    address: { host: address.host, port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
