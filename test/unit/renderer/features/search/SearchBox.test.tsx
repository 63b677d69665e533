// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { backlogText, SearchBox } from '../../../../../renderer/features/search/SearchBox';

afterEach(cleanup);

const box = (props: Partial<Parameters<typeof SearchBox>[0]>) => (
  <SearchBox
    value="wombat"
    onChange={() => undefined}
    accounts={[]}
    scope={null}
    onScope={() => undefined}
    resultCount={2}
    searching
    {...props}
  />
);

describe('SearchBox: what the index cannot find yet', () => {
  it('says how many stored messages are still waiting for the indexer, and that they are not found yet', () => {
    render(box({ indexBacklog: 240, backlogCap: 1_000 }));
    expect(screen.getByRole('status').textContent).toBe('2 messages found on this computer');
    expect(screen.getByText(/^Still reading/).textContent).toBe(
      'Still reading 240 recently stored messages into the search index — they are not found yet.',
    );
  });

  it('says nothing about the index when it has caught up, or when not searching', () => {
    render(box({ indexBacklog: 0 }));
    expect(screen.queryByText(/^Still reading/)).toBeNull();
    cleanup();
    render(box({ indexBacklog: 5, searching: false }));
    expect(screen.queryByText(/^Still reading/)).toBeNull();
  });

  it.each([
    [1, 1_000, 'Still reading 1 recently stored message into the search index — it is not found yet.'],
    [1_001, 1_000, 'Still reading 1,000+ recently stored messages into the search index — they are not found yet.'],
  ])('backlog %i (cap %i)', (backlog, cap, text) => {
    expect(backlogText(backlog, cap)).toBe(text);
  });
});
