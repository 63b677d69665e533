import { describe, expect, it } from 'vitest';

import { BatchCutter, bodySearch, maxMirroredBodyKb } from '../../../electron/engine/imap/body-policy';

const day = 86_400_000;
const now = 100 * day;

describe('bodySearch', () => {
  it('asks for no bodies when only headers are kept offline', () => {
    expect(bodySearch({ offline: { kind: 'headers-only' }, attachmentCapKb: 10_240 }, now)).toBeNull();
  });
  it('keeps everything up to the cap, a message of exactly the cap included (SMALLER is strict)', () => {
    expect(bodySearch({ offline: { kind: 'everything' }, attachmentCapKb: 10 }, now)).toEqual({ smaller: 10 * 1024 + 1 });
    expect(bodySearch({ offline: { kind: 'everything' }, attachmentCapKb: 0 }, now)).toEqual({ smaller: 1 });
  });
  it('keeps recent mail by arrival: since exactly `days` ago', () => {
    expect(bodySearch({ offline: { kind: 'recent-bodies', days: 30 }, attachmentCapKb: 1 }, now)).toEqual({
      smaller: 1024 + 1,
      since: new Date(now - 30 * day),
    });
  });
  it('never asks for a body over the literal guard, whatever the cap', () => {
    expect(bodySearch({ offline: { kind: 'everything' }, attachmentCapKb: 1_000_000 }, now)).toEqual({
      smaller: maxMirroredBodyKb * 1024 + 1,
    });
  });
});

describe('BatchCutter', () => {
  it('ends a batch at the message limit', () => {
    const cut = new BatchCutter<number>({ maxMessages: 2, maxBytes: 100 });
    expect(cut.add(1, 10)).toBeNull();
    expect(cut.add(2, 10)).toEqual([1, 2]);
    expect(cut.add(3, 10)).toBeNull();
    expect(cut.take()).toEqual([3]);
    expect(cut.take()).toEqual([]);
  });
  it('ends a batch once it holds the byte limit; a message over it goes alone', () => {
    const cut = new BatchCutter<number>({ maxMessages: 10, maxBytes: 100 });
    expect(cut.add(1, 60)).toBeNull();
    expect(cut.add(2, 40)).toEqual([1, 2]);
    expect(cut.add(3, 500)).toEqual([3]);
    expect(cut.add(4, 99)).toBeNull();
    expect(cut.add(5, 0)).toBeNull();
    expect(cut.take()).toEqual([4, 5]);
  });
});
