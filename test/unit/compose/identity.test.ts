import { describe, expect, it } from 'vitest';

import type { Account } from '../../../electron/contract';
import { composeSettingsSchema, identitiesOf, type Identity, identitySchema } from '../../../electron/contract/compose';
import { identityForAnswer, identityOfDraft, ownAddresses, type ReceivedAs } from '../../../electron/engine/compose/identity';

const account = (compose?: unknown): Account =>
  ({
    id: 'a1',
    createdAt: 0,
    name: 'Alice Ärger',
    email: 'alice@homing.test',
    mode: 'imap',
    incoming: { host: 'h', port: 993, security: 'tls', username: 'alice', allowCleartextPassword: false },
    ...(compose === undefined ? {} : { compose }),
  }) as Account;

const support: Identity = { id: 'support', name: 'Homing Support', address: 'support@homing.test', signature: 'The support team' };
const sales: Identity = { id: 'sales', name: 'Sales', address: 'Sales@Homing.test', signature: '' };
const identities = identitiesOf(account({ signature: 'Alice', identities: [support, sales] }));

const received = (over: Partial<ReceivedAs>): ReceivedAs => ({ to: [], cc: [], deliveredTo: [], from: [], ...over });
const addr = (address: string) => ({ name: '', address });

describe('identitiesOf', () => {
  it('puts the account’s own address first, with the compose signature', () => {
    expect(identities.map((i) => i.id)).toEqual(['primary', 'support', 'sales']);
    expect(identities[0]).toEqual({ id: 'primary', name: 'Alice Ärger', address: 'alice@homing.test', signature: 'Alice' });
  });

  it('reads accounts stored before identities existed, and accounts without compose settings', () => {
    expect(identitiesOf(account({ signature: 'old', serverSavesSent: true }))).toEqual([
      { id: 'primary', name: 'Alice Ärger', address: 'alice@homing.test', signature: 'old' },
    ]);
    expect(identitiesOf(account())).toHaveLength(1);
    expect(composeSettingsSchema.parse({ signature: 'x' })).toEqual({ signature: 'x', serverSavesSent: false, identities: [] });
  });
});

describe('identitySchema and compose settings where they enter main', () => {
  it('refuses an address that is not one, the reserved id, twins and more than 20', () => {
    expect(identitySchema.safeParse({ ...support, address: 'not an address' }).success).toBe(false);
    expect(identitySchema.safeParse({ ...support, replyTo: 'nope' }).success).toBe(false);
    expect(identitySchema.safeParse({ ...support, id: 'primary' }).success).toBe(false);
    expect(identitySchema.safeParse({ ...support, id: '../x' }).success).toBe(false);
    expect(composeSettingsSchema.safeParse({ identities: [support, { ...sales, id: 'support' }] }).success).toBe(false);
    const many = Array.from({ length: 21 }, (_, i) => ({ ...support, id: `i${i}` }));
    expect(composeSettingsSchema.safeParse({ identities: many }).success).toBe(false);
    expect(composeSettingsSchema.safeParse({ identities: many.slice(0, 20) }).success).toBe(true);
  });

  it('trims addresses and keeps an optional Reply-To', () => {
    const parsed = identitySchema.parse({ id: 'x', name: ' X ', address: ' x@homing.test ', replyTo: 'team@homing.test' });
    expect(parsed).toEqual({ id: 'x', name: 'X', address: 'x@homing.test', signature: '', replyTo: 'team@homing.test' });
  });
});

describe('identityForAnswer', () => {
  it('answers from the identity the message was sent to, in To', () => {
    expect(identityForAnswer(identities, received({ to: [addr('support@homing.test')] })).id).toBe('support');
  });

  it('finds it in Cc too, whatever the letter case', () => {
    expect(identityForAnswer(identities, received({ to: [addr('bob@x.org')], cc: [addr('SALES@homing.TEST')] })).id).toBe('sales');
  });

  it('prefers the identities’ order when several received it: the account’s own address first', () => {
    expect(identityForAnswer(identities, received({ to: [addr('sales@homing.test'), addr('alice@homing.test')] })).id).toBe('primary');
    expect(identityForAnswer(identities, received({ to: [addr('sales@homing.test')], cc: [addr('support@homing.test')] })).id).toBe(
      'support',
    );
  });

  it('uses Delivered-To when the address is in neither To nor Cc (Bcc, mailing lists)', () => {
    const r = received({ to: [addr('list@lists.example')], deliveredTo: ['support@homing.test'] });
    expect(identityForAnswer(identities, r).id).toBe('support');
  });

  it('To/Cc win over Delivered-To', () => {
    const r = received({ to: [addr('sales@homing.test')], deliveredTo: ['support@homing.test'] });
    expect(identityForAnswer(identities, r).id).toBe('sales');
  });

  it('answers the user’s own message (from Sent) from the identity it was sent from', () => {
    expect(identityForAnswer(identities, received({ from: [addr('support@homing.test')], to: [addr('bob@x.org')] })).id).toBe('support');
  });

  it('falls back to the account’s own address', () => {
    expect(identityForAnswer(identities, received({ to: [addr('someone@else.org')] })).id).toBe('primary');
    expect(identityForAnswer(identities, received({})).id).toBe('primary');
  });
});

describe('identityOfDraft', () => {
  const a = account({ identities: [support] });

  it('finds the draft’s identity', () => {
    expect(identityOfDraft(a, 'support', true).address).toBe('support@homing.test');
    expect(identityOfDraft(a, 'primary', true).address).toBe('alice@homing.test');
  });

  it('saves a draft whose identity was removed as from the account, but never sends it so', () => {
    expect(identityOfDraft(a, 'gone', false).id).toBe('primary');
    expect(() => identityOfDraft(a, 'gone', true)).toThrow(/removed from the account settings/);
  });

  it('lists every own address for reply all', () => {
    expect(ownAddresses(a)).toEqual(['alice@homing.test', 'support@homing.test']);
  });
});
