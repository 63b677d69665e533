import { describe, expect, it } from 'vitest';

import { classifyAddress, classifyIPv4, classifyIPv6, ipv6Groups } from '../../../electron/engine/remote/address-class';

describe('classifyAddress (the SSRF guard)', () => {
  it('classifies every refused IPv4 range, at both edges', () => {
    for (const [ip, cls] of [
      ['0.0.0.0', 'unspecified'],
      ['0.255.255.255', 'unspecified'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.0.0.0', 'private'],
      ['10.255.255.255', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.0.1', 'private'],
      ['192.168.255.255', 'private'],
      ['169.254.0.1', 'link-local'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.0', 'shared'],
      ['100.127.255.255', 'shared'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
    ] as const) {
      expect(classifyIPv4(ip), ip).toBe(cls);
      expect(classifyAddress(ip), ip).toBe(cls);
    }
  });

  it('lets public IPv4 addresses through, including the neighbours of refused ranges', () => {
    for (const ip of [
      '1.1.1.1',
      '8.8.8.8',
      '9.255.255.255',
      '11.0.0.0',
      '172.15.255.255',
      '172.32.0.0',
      '192.167.1.1',
      '192.169.0.1',
      '169.253.1.1',
      '169.255.0.1',
      '100.63.255.255',
      '100.128.0.0',
      '126.255.255.255',
      '128.0.0.1',
      '223.255.255.255',
    ]) {
      expect(classifyIPv4(ip), ip).toBe('public');
    }
  });

  it('classifies every refused IPv6 range', () => {
    for (const [ip, cls] of [
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['[::1]', 'loopback'],
      ['fc00::1', 'private'],
      ['fd12:3456:789a::1', 'private'],
      ['fdff:ffff::', 'private'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['febf:ffff::1', 'link-local'],
      ['fec0::1', 'private'],
      ['ff02::1', 'multicast'],
      ['ff05::1:3', 'multicast'],
    ] as const) {
      expect(classifyIPv6(ip), ip).toBe(cls);
    }
  });

  it('judges IPv4-mapped, -compatible and NAT64 forms by the IPv4 address inside', () => {
    for (const [ip, cls] of [
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::FFFF:10.1.2.3', 'private'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:192.168.1.1', 'private'],
      ['::ffff:100.64.0.1', 'shared'],
      ['::ffff:0.0.0.0', 'unspecified'],
      ['::ffff:8.8.8.8', 'public'],
      ['::127.0.0.1', 'loopback'],
      ['::8.8.8.8', 'reserved'],
      ['64:ff9b::10.0.0.1', 'private'],
      ['64:ff9b::8.8.8.8', 'public'],
    ] as const) {
      expect(classifyIPv6(ip), ip).toBe(cls);
      expect(classifyAddress(ip), ip).toBe(cls);
    }
  });

  it('lets public IPv6 addresses through', () => {
    for (const ip of ['2001:4860:4860::8888', '2606:4700:4700::1111', 'fbff::1', 'fe00::1', 'fe7f::1', '::ffff:1.1.1.1']) {
      expect(classifyIPv6(ip), ip).toBe('public');
    }
  });

  it('calls anything that is not an address invalid', () => {
    for (const ip of ['', 'localhost', '256.1.1.1', '1.2.3', '::g', '1::2::3', 'example.org', '127.0.0.1.']) {
      expect(classifyAddress(ip), ip).toBe('invalid');
    }
  });

  it('expands IPv6 text to eight groups', () => {
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(ipv6Groups('not-an-address')).toBeNull();
  });
});
