import { describe, expect, it } from 'vitest';

import { defaultTimeouts, resolveTimeouts } from '../../../electron/engine/pop3/timeouts';

describe('resolveTimeouts', () => {
  it('fills in defaults', () => {
    expect(resolveTimeouts({ commandMs: 5 })).toEqual({ ...defaultTimeouts, commandMs: 5 });
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])('refuses %s', (value) => {
    expect(() => resolveTimeouts({ idleMs: value })).toThrow(expect.objectContaining({ code: 'invalid_input' }) as Error);
  });
});
