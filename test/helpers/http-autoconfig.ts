import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeCert } from '../mailserver/tls-cert';

/** One answer: a body (200) or full control over status and timing. */
export type Reply = string | { status?: number; body?: string; delayMs?: number; location?: string };

export interface AutoconfigRoutes {
  /** ISPDB answers by domain, served at `/v1.1/<domain>` on any host name. */
  ispdb?: Record<string, Reply>;
  /** Per host name (the Host header without port), per path (query ignored). */
  hosts?: Record<string, Record<string, Reply>>;
}

export interface SeenRequest {
  scheme: 'http' | 'https';
  host: string;
  path: string;
  query: string;
}

export interface AutoconfigServer {
  httpPort: number;
  httpsPort: number;
  /** The HTTPS server's self-signed certificate, to pass as the engine's `extraCa`. */
  caPem: string;
  /** `http://127.0.0.1:<port>/v1.1/`: an ISPDB over plain HTTP (its answers are unverified). */
  ispdbHttpUrl: string;
  /** `https://<ispdbHost>:<port>/v1.1/`: needs the DNS server to map `ispdbHost` to 127.0.0.1. */
  ispdbHttpsUrl: string;
  requests: SeenRequest[];
  setRoutes(routes: AutoconfigRoutes): void;
  stop(): Promise<void>;
}

/**
 * The ISPDB and providers' autoconfig URLs for tests, over plain HTTP and over HTTPS with a
 * certificate made for `tlsNames` (a test passes `caPem` to discovery as its extra CA).
 */
export async function startAutoconfigServer(opts: {
  tlsNames: string[];
  ispdbHost?: string;
  routes?: AutoconfigRoutes;
}): Promise<AutoconfigServer> {
  const ispdbHost = opts.ispdbHost ?? 'ispdb.homing.test';
  const dir = mkdtempSync(join(tmpdir(), 'homing-autoconfig-'));
  const names = [...new Set([...opts.tlsNames, ispdbHost])];
  const { certPem: caPem, keyPem: key } = await makeCert(dir, {
    subject: '/CN=Homing autoconfig test',
    altNames: names.map((n) => `DNS:${n}`),
    days: 2,
  }).finally(() => rmSync(dir, { recursive: true, force: true }));

  let routes: AutoconfigRoutes = opts.routes ?? {};
  const requests: SeenRequest[] = [];
  const handler = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    requests.push({ scheme, host, path: url.pathname, query: url.search });
    const ispdb = /^\/v1\.1\/([^/]+)$/.exec(url.pathname);
    const reply: Reply | undefined = ispdb ? routes.ispdb?.[decodeURIComponent(ispdb[1]!)] : routes.hosts?.[host]?.[url.pathname];
    const send = () => {
      if (reply === undefined) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      const r = typeof reply === 'string' ? { body: reply } : reply;
      res
        .writeHead(r.status ?? 200, { 'Content-Type': 'application/xml', ...(r.location ? { Location: r.location } : {}) })
        .end(r.body ?? '');
    };
    const delay = typeof reply === 'object' ? (reply.delayMs ?? 0) : 0;
    if (delay > 0) setTimeout(send, delay);
    else send();
  };
  const http = createHttpServer(handler('http'));
  const https = createHttpsServer({ key, cert: caPem }, handler('https'));
  const listen = (server: Server) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const httpPort = await listen(http);
  const httpsPort = await listen(https);
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    httpPort,
    httpsPort,
    caPem,
    ispdbHttpUrl: `http://127.0.0.1:${httpPort}/v1.1/`,
    ispdbHttpsUrl: `https://${ispdbHost}:${httpsPort}/v1.1/`,
    requests,
    setRoutes: (next) => {
      routes = next;
    },
    stop: async () => {
      await Promise.all([close(http), close(https)]);
    },
  };
}

/** A clientConfig v1.1 document, as the ISPDB serves them. */
export function clientConfigXml(opts: {
  id: string;
  name?: string;
  domains?: string[];
  servers: {
    type: 'imap' | 'pop3' | 'smtp';
    host: string;
    port: number;
    socketType: 'SSL' | 'STARTTLS' | 'plain';
    username?: string;
    auth?: string[];
  }[];
  extra?: string;
}): string {
  const server = (s: (typeof opts.servers)[number]) => {
    const tag = s.type === 'smtp' ? 'outgoingServer' : 'incomingServer';
    return `    <${tag} type="${s.type}">
      <hostname>${s.host}</hostname>
      <port>${s.port}</port>
      <socketType>${s.socketType}</socketType>
${(s.auth ?? ['password-cleartext']).map((a) => `      <authentication>${a}</authentication>`).join('\n')}
      <username>${s.username ?? '%EMAILADDRESS%'}</username>
    </${tag}>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${opts.id}">
${(opts.domains ?? [opts.id]).map((d) => `    <domain>${d}</domain>`).join('\n')}
    <displayName>${opts.name ?? opts.id}</displayName>
${opts.servers.map(server).join('\n')}
${opts.extra ?? ''}
  </emailProvider>
</clientConfig>
`;
}
