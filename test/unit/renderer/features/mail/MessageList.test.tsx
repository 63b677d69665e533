// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useReducer } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { defaultOrder, type ListOrder, type ListSource } from '../../../../../renderer/features/mail/list/list-source';
import { emptySelection, selectionReducer } from '../../../../../renderer/features/mail/list/selection';
import { MessageList } from '../../../../../renderer/features/mail/MessageList';
import { folder, freshDb, message, seed, setupOps } from '../../../store/fixtures';
import { fakeClient, fakeLayout, renderWith } from '../../helpers/render';

const seedFolder = async (n: number) => {
  const db = freshDb();
  await seed(db, [
    ...setupOps('acc1'),
    { op: 'putFolders', folders: [folder('acc1', 'Trash', 'trash')] },
    {
      op: 'putMessages',
      messages: Array.from({ length: n }, (_, i) =>
        message({
          folderId: 'acc1/INBOX',
          id: `acc1/m${String(i).padStart(3, '0')}`,
          subject: `Subject ${String.fromCharCode(97 + ((i * 7) % 26))} ${i}`,
          date: 1_700_000_000_000 + i * 60_000,
          seen: i % 2 === 0,
          location: i % 3 === 0 ? 'local' : 'server+local',
          size: 1000 + i,
        }),
      ),
      sources: [],
    },
  ]);
  return db;
};

function Harness({ source, pending = new Set() }: { source: ListSource; pending?: ReadonlySet<string> }) {
  const [selection, dispatch] = useReducer(selectionReducer, emptySelection);
  const [order, setOrder] = useReducer((_: ListOrder, next: ListOrder) => next, defaultOrder);
  return (
    <MessageList
      source={source}
      order={order}
      onOrder={setOrder}
      selection={selection}
      onSelect={dispatch}
      pending={pending}
      onOpen={() => undefined}
    />
  );
}

beforeAll(() => fakeLayout());
afterEach(cleanup);

describe('MessageList', () => {
  it('counts the folder on its index and renders only a window of rows, newest first, with location badges', async () => {
    const db = await seedFolder(300);
    renderWith(<Harness source={{ kind: 'folder', folderId: 'acc1/INBOX' }} />, { db, client: fakeClient().client });
    const list = await screen.findByRole('listbox', { name: 'Messages' });
    await waitFor(() => expect(list.getAttribute('aria-rowcount')).toBe('300'));
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(5));
    const options = screen.getAllByRole('option');
    expect(options.length).toBeLessThan(60);
    await waitFor(() => expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).not.toBe('Loading'));
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(
      /^Unread, Ann Lee, Subject \w 299, .+, On server and here$/,
    );
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-label')).toMatch(/^Ann Lee, Subject \w 298, /);
    expect(screen.getAllByRole('option')[2]!.getAttribute('aria-label')).toMatch(/^Unread, .*Only on this computer$/);
    expect(screen.getAllByRole('option')[2]!.textContent).toContain('Only on this computer');
  });

  it('selects with click, shift-click (a range read from the index) and ctrl-click', async () => {
    const db = await seedFolder(40);
    renderWith(<Harness source={{ kind: 'folder', folderId: 'acc1/INBOX' }} />, { db, client: fakeClient().client });
    const rows = () => screen.getAllByRole('option');
    await waitFor(() => expect(rows()[6]?.getAttribute('aria-label')).toMatch(/Subject/));
    fireEvent.click(rows()[1]!);
    fireEvent.click(rows()[4]!, { shiftKey: true });
    await waitFor(() => expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(4));
    fireEvent.click(rows()[6]!, { ctrlKey: true });
    await waitFor(() => expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(5));
    fireEvent.click(rows()[4]!, { ctrlKey: true });
    await waitFor(() => expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(4));
    fireEvent.click(rows()[0]!);
    await waitFor(() => expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(1));
  });

  it('sorts by subject and size on their own indexes', async () => {
    const db = await seedFolder(30);
    renderWith(<Harness source={{ kind: 'folder', folderId: 'acc1/INBOX' }} />, { db, client: fakeClient().client });
    await waitFor(() => expect(screen.getAllByRole('option')[3]?.getAttribute('aria-label')).toMatch(/Subject/));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sort by subject' })));
    await waitFor(() => expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/Subject a /));
    expect(screen.getByRole('button', { name: 'Sort by subject, A to Z' }).getAttribute('aria-pressed')).toBe('true');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sort by size' })));
    await waitFor(() => expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/Subject .* 29,/));
  });

  it('collapses rows whose move or deletion is pending, without shifting the others', { timeout: 20_000 }, async () => {
    const db = await seedFolder(10);
    renderWith(<Harness source={{ kind: 'folder', folderId: 'acc1/INBOX' }} pending={new Set(['acc1/m008'])} />, {
      db,
      client: fakeClient().client,
    });
    const row = () => screen.getAllByRole('option', { hidden: true }).find((r) => r.dataset.id === 'acc1/m008');
    await waitFor(() => expect(row()?.style.visibility).toBe('hidden'));
    expect(screen.getAllByRole('option', { hidden: true })).toHaveLength(10);
    expect(screen.getAllByRole('option')).toHaveLength(9);
  });

  it('shows search results from the index, and says when nothing matches', async () => {
    const db = await seedFolder(30);
    const { unmount } = renderWith(<Harness source={{ kind: 'search', query: 'subject 12', accountId: null }} />, {
      db,
      client: fakeClient().client,
    });
    await waitFor(() => expect(screen.getByRole('listbox').getAttribute('aria-rowcount')).toBe('1'));
    expect(screen.queryByRole('group', { name: 'Sort messages' })).toBeNull();
    unmount();
    renderWith(<Harness source={{ kind: 'search', query: 'nothing-like-this', accountId: null }} />, { db, client: fakeClient().client });
    await screen.findByText('No messages in this folder.');
  });

  it('shows conversations with their count, expands one from its count, and keeps the place', async () => {
    const db = freshDb();
    await seed(db, [
      ...setupOps('acc1'),
      {
        op: 'putMessages',
        messages: [
          message({ folderId: 'acc1/INBOX', id: 'acc1/root', messageId: '<root@x>', subject: 'Plans', date: 1_000 }),
          message({
            folderId: 'acc1/INBOX',
            id: 'acc1/re1',
            messageId: '<re1@x>',
            inReplyTo: '<root@x>',
            subject: 'Re: Plans',
            date: 3_000,
          }),
          message({
            folderId: 'acc1/INBOX',
            id: 'acc1/re2',
            messageId: '<re2@x>',
            inReplyTo: '<re1@x>',
            subject: 'Re: Plans',
            date: 5_000,
          }),
          message({ folderId: 'acc1/INBOX', id: 'acc1/solo', messageId: '<solo@x>', subject: 'Other', date: 4_000 }),
        ],
        sources: [],
      },
    ]);
    function Threads() {
      const [expanded, setExpanded] = useReducer((_: ReadonlySet<string>, next: ReadonlySet<string>) => next, new Set<string>());
      const [selection, dispatch] = useReducer(selectionReducer, emptySelection);
      return (
        <MessageList
          source={{ kind: 'threads', folderId: 'acc1/INBOX', window: 100, expanded }}
          order={defaultOrder}
          onOrder={() => undefined}
          selection={selection}
          onSelect={dispatch}
          pending={new Set()}
          onOpen={() => undefined}
          onToggleThread={(key, open) => setExpanded(open ? new Set([...expanded, key]) : new Set([...expanded].filter((k) => k !== key)))}
        />
      );
    }
    renderWith(<Threads />, { db, client: fakeClient().client });
    await waitFor(() => expect(screen.getByRole('listbox').getAttribute('aria-rowcount')).toBe('2'));
    const ids = () => screen.getAllByRole('option').map((o) => o.dataset.id);
    expect(ids()).toEqual(['acc1/re2', 'acc1/solo']);
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/^Conversation of 3 messages, 3 unread, Unread, /);
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group', { name: 'Sort messages' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Expand the conversation of 3 messages' }));
    await waitFor(() => expect(ids()).toEqual(['acc1/re2', 'acc1/re1', 'acc1/root', 'acc1/solo']));
    // The count only opened the thread; it did not select the row.
    expect(screen.getAllByRole('option').filter((o) => o.getAttribute('aria-selected') === 'true')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse the conversation of 3 messages' }));
    await waitFor(() => expect(ids()).toEqual(['acc1/re2', 'acc1/solo']));
  });
});
