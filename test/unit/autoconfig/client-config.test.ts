import { describe, expect, it } from 'vitest';

import { ConfigUnreadableError, parseClientConfig } from '../../../electron/engine/accounts/autoconfig/client-config';
import { splitAddress, substitutePlaceholders } from '../../../electron/engine/accounts/autoconfig/email-address';

const parts = splitAddress('Jane.Doe@Example.COM');

// Shaped like a real ISPDB answer, with elements Homing does not use.
const ispdbStyle = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <domain>example.net</domain>
    <displayName>Example Mail</displayName>
    <displayShortName>Example</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <authentication>OAuth2</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.com</hostname>
      <port>110</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-encrypted</authentication>
      <username>%EMAILLOCALPART%</username>
      <pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3>
    </incomingServer>
    <incomingServer type="exchange">
      <hostname>outlook.example.com</hostname><port>443</port><socketType>SSL</socketType>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.com</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
      <addThisServer>true</addThisServer>
    </outgoingServer>
    <documentation url="https://help.example.com/mail"><descr lang="en">Help</descr></documentation>
    <futureElement with="attributes"><nested/></futureElement>
  </emailProvider>
  <enable visiturl="https://mail.example.com/settings/pop"><instruction>Turn on POP first</instruction></enable>
  <oAuth2><issuer>accounts.example.com</issuer></oAuth2>
</clientConfig>`;

describe('parseClientConfig', () => {
  it('reads incoming and outgoing servers with placeholders filled in, ignoring what it does not know', () => {
    const config = parseClientConfig(ispdbStyle, parts);
    expect(config.providerId).toBe('example.com');
    expect(config.displayName).toBe('Example Mail');
    expect(config.domains).toEqual(['example.com', 'example.net']);
    expect(config.servers).toEqual([
      {
        protocol: 'imap',
        host: 'imap.example.com',
        port: 993,
        security: 'tls',
        username: 'Jane.Doe@Example.COM',
        authentication: ['password-cleartext', 'oauth2'],
      },
      {
        protocol: 'pop3',
        host: 'pop.example.com',
        port: 110,
        security: 'starttls',
        username: 'Jane.Doe',
        authentication: ['password-encrypted'],
      },
      {
        protocol: 'smtp',
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        username: 'Jane.Doe@Example.COM',
        authentication: ['password-cleartext'],
      },
    ]);
    expect(config.enableUrl).toBe('https://mail.example.com/settings/pop');
    expect(config.documentationUrl).toBe('https://help.example.com/mail');
  });

  it('skips one unusable server without losing the others', () => {
    const xml = ispdbStyle
      .replace('<port>110</port>', '<port>eleventy</port>')
      .replace(
        '<socketType>STARTTLS</socketType>\n      <authentication>password-cleartext',
        '<socketType>quantum</socketType>\n      <authentication>password-cleartext',
      );
    const config = parseClientConfig(xml, parts);
    expect(config.servers.map((s) => s.protocol)).toEqual(['imap']);
    expect(config.skipped).toHaveLength(2);
  });

  it('refuses a host name with an unknown placeholder or characters a host cannot have', () => {
    const config = parseClientConfig(
      ispdbStyle.replace('imap.%EMAILDOMAIN%', 'imap.%USERDOMAIN%').replace('pop.example.com', 'pop example.com'),
      parts,
    );
    expect(config.servers.map((s) => s.protocol)).toEqual(['smtp']);
  });

  it('never passes on links other than http(s)', () => {
    const config = parseClientConfig(ispdbStyle.replace('https://mail.example.com/settings/pop', 'javascript:alert(1)'), parts);
    expect(config.enableUrl).toBeUndefined();
  });

  it.each([
    ['not XML at all', '<html><body>Not found</body>'],
    ['an HTML error page', '<!DOCTYPE html><html><body>404</body></html>'],
    ['another root element', '<config><emailProvider id="x"/></config>'],
    ['a clientConfig without emailProvider', '<clientConfig version="1.1"></clientConfig>'],
    ['truncated XML', ispdbStyle.slice(0, 300)],
  ])('calls %s "unreadable"', (_label, xml) => {
    expect(() => parseClientConfig(xml, parts)).toThrow(ConfigUnreadableError);
  });
});

describe('placeholders', () => {
  it('fills in the three clientConfig placeholders; the domain in its lower-case ASCII form', () => {
    expect(substitutePlaceholders('%EMAILLOCALPART%+x@%EMAILDOMAIN% (%EMAILADDRESS%)', parts)).toBe(
      'Jane.Doe+x@example.com (Jane.Doe@Example.COM)',
    );
  });

  it('leaves nothing half-filled: an unknown placeholder makes the value unusable', () => {
    expect(substitutePlaceholders('%REALNAME%', parts)).toBeUndefined();
    expect(substitutePlaceholders('100% sure', parts)).toBe('100% sure');
  });

  it('splits at the last "@" and converts international domains to their DNS form', () => {
    expect(splitAddress('"a@b"@bücher.example')).toEqual({
      address: '"a@b"@bücher.example',
      localPart: '"a@b"',
      domain: 'xn--bcher-kva.example',
    });
    expect(() => splitAddress('no-at-sign')).toThrow(/email address/);
    expect(() => splitAddress('me@')).toThrow();
    expect(() => splitAddress('me@exa mple.com')).toThrow();
  });
});
