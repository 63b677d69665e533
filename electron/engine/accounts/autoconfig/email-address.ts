import { domainToASCII } from 'node:url';

import { HomingError } from '../../../contract';

export interface EmailParts {
  /** The address as typed, trimmed. */
  address: string;
  localPart: string;
  /** Lower-case, IDNA (punycode) form: what DNS and URLs need. */
  domain: string;
}

/** Splits an address at its last "@"; the domain is lower-cased and converted to its ASCII (IDNA) form. */
export function splitAddress(email: string): EmailParts {
  const address = email.trim();
  const at = address.lastIndexOf('@');
  const localPart = address.slice(0, at);
  const rawDomain = address.slice(at + 1).replace(/\.$/, '');
  if (at <= 0 || rawDomain.length === 0 || /\s/.test(address)) {
    throw new HomingError('invalid_input', 'That does not look like an email address.');
  }
  const domain = domainToASCII(rawDomain.toLowerCase());
  if (!domain || !isHostName(domain)) throw new HomingError('invalid_input', `“${rawDomain}” is not a domain name.`);
  return { address, localPart, domain };
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; 253 chars at most. */
export function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => /^[a-z0-9_](?:[a-z0-9-_]{0,61}[a-z0-9])?$/i.test(label));
}

/**
 * clientConfig placeholders (Thunderbird's autoconfig format): %EMAILADDRESS%, %EMAILLOCALPART%,
 * %EMAILDOMAIN%. Returns undefined when an unknown %PLACEHOLDER% is left, so a value we cannot
 * fill in is never used as if it were a host or user name.
 */
export function substitutePlaceholders(template: string, parts: EmailParts): string | undefined {
  const out = template.replace(/%([A-Z]+)%/g, (whole, key: string) => {
    switch (key) {
      case 'EMAILADDRESS':
        return parts.address;
      case 'EMAILLOCALPART':
        return parts.localPart;
      case 'EMAILDOMAIN':
        return parts.domain;
      default:
        return whole;
    }
  });
  return /%[A-Z]+%/.test(out) ? undefined : out;
}
