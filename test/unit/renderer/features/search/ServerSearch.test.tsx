// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ServerSearchResult } from '../../../../../electron/contract/search';
import { ServerSearch } from '../../../../../renderer/features/search/ServerSearch';
import { folder, freshDb, message, seed, setupOps } from '../../../store/fixtures';
import { fakeClient, renderWith } from '../../helpers/render';

afterEach(cleanup);

const inbox = folder('acc1', 'INBOX', 'inbox');

const setup = async (result: ServerSearchResult, fetchFails = false) => {
  const db = freshDb();
  await seed(db, [
    ...setupOps('acc1'),
    {
      op: 'putMessages',
      messages: [message({ folderId: inbox.id, id: 'acc1/INBOX/7/3', subject: 'Stored match', date: 2_000 })],
      sources: [],
    },
  ]);
  const { client, calls } = fakeClient({
    'search:server': () => result,
    'message:fetchSource': () => {
      if (fetchFails) throw new Error('gone');
      return { bytes: new Uint8Array([1]), location: 'server+local' };
    },
  });
  const onOpen = vi.fn();
  renderWith(<ServerSearch folder={inbox} query="quokka" onOpen={onOpen} />, { db, client });
  return { calls, onOpen };
};

const notStored = message({ folderId: inbox.id, id: 'acc1/INBOX/7/9', subject: 'Only on server', date: 5_000, location: 'server' });

describe('ServerSearch', () => {
  it('asks the server for the folder, lists stored and not-stored matches newest first, and opens a stored one', async () => {
    const { calls, onOpen } = await setup({ matched: 2, storedIds: ['acc1/INBOX/7/3'], notStored: [notStored], more: false });
    fireEvent.change(screen.getByRole('combobox', { name: 'Search the server in' }), { target: { value: 'subject' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search on the server for “quokka”' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(calls.find((c) => c.name === 'search:server')?.input).toEqual({ folderId: 'acc1/INBOX', query: 'quokka', field: 'subject' });
    expect(screen.getByRole('status').textContent).toBe('2 messages in INBOX on the server (1 not downloaded yet)');
    const hits = screen.getAllByRole('button', { name: /, / });
    expect(hits.map((b) => b.getAttribute('aria-label')?.split(', ')[1])).toEqual(['Only on server', 'Stored match']);
    fireEvent.click(hits[1]!);
    expect(onOpen).toHaveBeenCalledWith('acc1/INBOX/7/3');
    expect(calls.some((c) => c.name === 'message:fetchSource')).toBe(false);
  });

  it('downloads a match that is not here before opening it, and says so when that fails', async () => {
    const ok = await setup({ matched: 1, storedIds: [], notStored: [notStored], more: false });
    fireEvent.click(screen.getByRole('button', { name: /^Search on the server/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Only on server/ }));
    await waitFor(() => expect(ok.onOpen).toHaveBeenCalledWith('acc1/INBOX/7/9'));
    expect(ok.calls.find((c) => c.name === 'message:fetchSource')?.input).toEqual({ messageId: 'acc1/INBOX/7/9' });
    cleanup();

    const failing = await setup({ matched: 1, storedIds: [], notStored: [notStored], more: false }, true);
    fireEvent.click(screen.getByRole('button', { name: /^Search on the server/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Only on server/ }));
    await screen.findByRole('alert');
    expect(failing.onOpen).not.toHaveBeenCalled();
  });

  it('says when nothing matches', async () => {
    await setup({ matched: 0, storedIds: [], notStored: [], more: false });
    fireEvent.click(screen.getByRole('button', { name: /^Search on the server/ }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Nothing in INBOX on the server matches.'));
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
  });
});
