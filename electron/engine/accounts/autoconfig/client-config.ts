import type { Security } from '../../../contract';
import type { AuthMethod, DiscoveryProtocol } from '../../../contract/wizard';
import { type EmailParts, isHostName, substitutePlaceholders } from './email-address';
import { childElements, childText, parseXml, textOf, type XmlElement, XmlError } from './xml';

/**
 * Thunderbird's clientConfig v1.1 format (https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat),
 * the answer of the ISPDB and of providers' own autoconfig URLs. Only what Homing uses is read;
 * unknown elements and attributes are ignored, as the format asks of clients.
 */

export interface ConfigServer {
  protocol: DiscoveryProtocol;
  host: string;
  port: number;
  security: Security;
  /** With placeholders filled in; undefined when the file gives none. */
  username: string | undefined;
  authentication: AuthMethod[];
}

export interface ClientConfig {
  providerId: string;
  displayName: string;
  domains: string[];
  /** In document order, which is the provider's order of preference. */
  servers: ConfigServer[];
  enableUrl?: string;
  documentationUrl?: string;
  /** Entries that were present but unusable (bad port, unknown socketType, …), for the log. */
  skipped: string[];
}

/** The file is not XML, or not a clientConfig: "configuration unreadable" for that source only. */
export class ConfigUnreadableError extends Error {
  override readonly name = 'ConfigUnreadableError';
}

const socketTypes: Record<string, Security> = { ssl: 'tls', tls: 'tls', starttls: 'starttls', plain: 'none' };

const authMethods: Record<string, AuthMethod> = {
  'password-cleartext': 'password-cleartext',
  plain: 'password-cleartext',
  'password-encrypted': 'password-encrypted',
  secure: 'password-encrypted',
  oauth2: 'oauth2',
  'client-ip-address': 'client-ip-address',
  none: 'none',
};

const httpsUrl = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    // Only links a user can safely open; a config file must not hand us javascript: or file: URLs.
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
};

function readServer(el: XmlElement, protocol: DiscoveryProtocol, parts: EmailParts, skipped: string[]): ConfigServer | undefined {
  const label = `${el.name} type="${protocol}"`;
  const hostTemplate = childText(el, 'hostname');
  const host = hostTemplate === undefined ? undefined : substitutePlaceholders(hostTemplate, parts)?.toLowerCase();
  if (!host || !isHostName(host)) {
    skipped.push(`${label}: no usable hostname`);
    return undefined;
  }
  const portText = childText(el, 'port') ?? '';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    skipped.push(`${label} ${host}: port "${portText.slice(0, 20)}" is not a port number`);
    return undefined;
  }
  const security = socketTypes[(childText(el, 'socketType') ?? '').toLowerCase()];
  if (!security) {
    // Thunderbird would assume plain text; we would rather not send a password on a guess.
    skipped.push(`${label} ${host}: unknown or missing socketType`);
    return undefined;
  }
  const usernameTemplate = childText(el, 'username');
  const username = usernameTemplate ? substitutePlaceholders(usernameTemplate, parts) : undefined;
  const authentication = childElements(el, 'authentication').map((a) => authMethods[textOf(a).trim().toLowerCase()] ?? 'other');
  return { protocol, host, port, security, username: username || undefined, authentication: [...new Set(authentication)] };
}

/** Parses a clientConfig document; throws ConfigUnreadableError when it is not one. */
export function parseClientConfig(xml: string, parts: EmailParts): ClientConfig {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    if (err instanceof XmlError) throw new ConfigUnreadableError(`not well-formed XML: ${err.message}`);
    throw err;
  }
  if (root.name !== 'clientConfig') throw new ConfigUnreadableError(`root element is <${root.name.slice(0, 40)}>, not <clientConfig>`);
  const provider = childElements(root, 'emailProvider')[0];
  if (!provider) throw new ConfigUnreadableError('no <emailProvider> element');

  const skipped: string[] = [];
  const servers: ConfigServer[] = [];
  for (const el of provider.children) {
    if (typeof el === 'string') continue;
    const type = (el.attrs.type ?? '').toLowerCase();
    if (el.name === 'incomingServer' && (type === 'imap' || type === 'pop3')) {
      const server = readServer(el, type, parts, skipped);
      if (server) servers.push(server);
    } else if (el.name === 'outgoingServer' && type === 'smtp') {
      const server = readServer(el, 'smtp', parts, skipped);
      if (server) servers.push(server);
    }
    // Other server types (exchange, ews, jmap, …) and unknown elements are ignored.
  }

  const enable = childElements(provider, 'enable')[0] ?? childElements(root, 'enable')[0];
  const documentation = childElements(provider, 'documentation')[0];
  const enableUrl = httpsUrl(enable?.attrs.visiturl);
  const documentationUrl = httpsUrl(documentation?.attrs.url);
  return {
    providerId: (provider.attrs.id ?? parts.domain).toLowerCase().slice(0, 253),
    displayName: (childText(provider, 'displayName') || childText(provider, 'displayShortName') || parts.domain).slice(0, 200),
    domains: childElements(provider, 'domain')
      .map((d) => textOf(d).trim().toLowerCase())
      .filter((d) => d.length > 0),
    servers,
    ...(enableUrl ? { enableUrl } : {}),
    ...(documentationUrl ? { documentationUrl } : {}),
    skipped,
  };
}
