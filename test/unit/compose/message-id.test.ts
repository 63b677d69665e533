import { describe, expect, it } from 'vitest';

import { messageIdAfterSwitch, newMessageId } from '../../../electron/engine/compose/message-id';

describe('Message-IDs', () => {
  it('are random on the sender’s domain, never a machine name', () => {
    const id = newMessageId('alice@homing.test', () => Buffer.alloc(16, 0xab));
    expect(id).toBe(`<${'ab'.repeat(16)}@homing.test>`);
    expect(newMessageId('no-domain')).toMatch(/^<[0-9a-f]{32}@homing\.invalid>$/);
    expect(newMessageId('a@b.example')).not.toBe(newMessageId('a@b.example'));
  });

  it('move to the new identity’s domain when From switches domains, and stay otherwise', () => {
    const id = newMessageId('alice@homing.test');
    expect(messageIdAfterSwitch(id, 'sales@HOMING.test')).toBe(id);
    const switched = messageIdAfterSwitch(id, 'support@other.example');
    expect(switched).toMatch(/^<[0-9a-f]{32}@other\.example>$/);
    // The account's domain is gone from it: recipients cannot tie the two addresses together.
    expect(switched).not.toContain('homing.test');
  });
});
