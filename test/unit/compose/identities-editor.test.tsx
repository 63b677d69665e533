// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import { composeSettingsSchema } from '../../../electron/contract/compose';
import {
  identityProblems,
  newIdentityId,
  toComposeSettings,
  type WritingSettings,
  writingSettingsOf,
} from '../../../renderer/features/compose/identities-form';
import { IdentitiesEditor } from '../../../renderer/features/compose/IdentitiesEditor';

afterEach(cleanup);

/** The editor as the settings panel holds it: state in the parent, saved later with the account. */
const Harness = ({ initial, mode = 'imap', seen }: { initial: WritingSettings; mode?: 'imap' | 'pop3'; seen: WritingSettings[] }) => {
  const [value, setValue] = useState(initial);
  return (
    <IdentitiesEditor
      account={{ name: 'Alice', email: 'alice@homing.test', mode }}
      value={value}
      onChange={(v) => {
        seen.push(v);
        setValue(v);
      }}
    />
  );
};

describe('IdentitiesEditor', () => {
  it('adds an identity with name, address, Reply-To and signature, and what it yields is what main accepts', async () => {
    const seen: WritingSettings[] = [];
    render(<Harness initial={writingSettingsOf(undefined)} seen={seen} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add an address to write from' }));
    const group = screen.getByRole('group', { name: 'Also writing as new address 1' });
    const inGroup = (label: string) => within(group).getByLabelText(label);
    await userEvent.clear(inGroup('Name'));
    await userEvent.type(inGroup('Name'), 'Homing Support');
    await userEvent.type(inGroup('Email address'), 'support@homing.test');
    await userEvent.type(inGroup('Replies go to (optional)'), 'team@homing.test');
    await userEvent.type(inGroup('Signature'), 'The support team');
    const last = seen.at(-1)!;
    expect(identityProblems(last.identities).size).toBe(0);
    const settings = composeSettingsSchema.parse(toComposeSettings(last));
    expect(settings.identities).toEqual([
      {
        id: last.identities[0]!.id,
        name: 'Homing Support',
        address: 'support@homing.test',
        replyTo: 'team@homing.test',
        signature: 'The support team',
      },
    ]);
    expect(screen.getByRole('group', { name: 'Also writing as support@homing.test' })).toBeTruthy();
  });

  it('says in plain words when an address is not one', async () => {
    const seen: WritingSettings[] = [];
    render(<Harness initial={{ ...writingSettingsOf(undefined), identities: [{ id: 'x', name: 'X', address: '' }] }} seen={seen} />);
    expect(screen.getByText('Type the email address you write from.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Email address'), 'support at homing');
    expect(screen.getByText('“support at homing” is not an email address.')).toBeTruthy();
    expect(screen.getByLabelText('Email address').getAttribute('aria-invalid')).toBe('true');
  });

  it('removes an identity', async () => {
    const seen: WritingSettings[] = [];
    render(
      <Harness initial={{ ...writingSettingsOf(undefined), identities: [{ id: 'x', name: 'X', address: 'x@homing.test' }] }} seen={seen} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Remove x@homing.test' }));
    expect(seen.at(-1)!.identities).toEqual([]);
  });

  it('edits the own address’s signature and the “server saves sent mail” choice (IMAP only)', async () => {
    const seen: WritingSettings[] = [];
    render(<Harness initial={writingSettingsOf({ signature: 'A' })} seen={seen} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Signature' }), 'lice');
    await userEvent.click(screen.getByRole('checkbox', { name: 'This server saves sent mail itself (as Gmail does)' }));
    expect(seen.at(-1)).toMatchObject({ signature: 'Alice', serverSavesSent: true });
    cleanup();
    render(<Harness initial={writingSettingsOf(undefined)} mode="pop3" seen={[]} />);
    expect(screen.queryByRole('checkbox', { name: /saves sent mail/ })).toBeNull();
  });
});

describe('identities-form', () => {
  it('reads stored settings of every age', () => {
    expect(writingSettingsOf(undefined)).toEqual({ signature: '', serverSavesSent: false, identities: [] });
    expect(writingSettingsOf({ signature: 's', serverSavesSent: true })).toEqual({ signature: 's', serverSavesSent: true, identities: [] });
  });

  it('leaves out an empty Reply-To and trims', () => {
    expect(
      toComposeSettings({
        signature: '',
        serverSavesSent: false,
        identities: [{ id: 'x', name: ' X ', address: ' x@y.z ', replyTo: ' ' }],
      }),
    ).toEqual({ signature: '', serverSavesSent: false, identities: [{ id: 'x', name: 'X', address: 'x@y.z', signature: '' }] });
  });

  it('names each problem', () => {
    const p = identityProblems([
      { id: 'a', name: '', address: 'ok@x.y' },
      { id: 'b', name: '', address: 'bad' },
      { id: 'c', name: '', address: 'ok@x.y', replyTo: 'bad' },
      { id: 'd', name: 'n'.repeat(201), address: 'ok@x.y' },
    ]);
    expect([...p.entries()]).toEqual([
      ['b', '“bad” is not an email address.'],
      ['c', 'Replies go to: “bad” is not an email address.'],
      ['d', 'The name is longer than 200 characters.'],
    ]);
  });

  it('makes ids the contract accepts and that are not taken', () => {
    const values = [0.5, 0.5, 0.25];
    const id = newIdentityId(['id-' + Math.floor(0.5 * 36 ** 8).toString(36)], () => values.shift()!);
    expect(id).toBe('id-' + Math.floor(0.25 * 36 ** 8).toString(36));
    expect(/^[A-Za-z0-9_-]{1,64}$/.test(id)).toBe(true);
  });
});
