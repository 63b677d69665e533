import { describe, expect, it, vi } from 'vitest';

import { type Deferred, UndoQueue } from '../../../../../../renderer/features/mail/actions/undo-queue';

const action = (label: string, commit = vi.fn(async () => undefined)): Deferred & { commit: ReturnType<typeof vi.fn> } => ({
  label,
  ids: [label],
  commit,
});

describe('UndoQueue', () => {
  const setup = () => {
    vi.useFakeTimers();
    const changes: (string | null)[] = [];
    const errors: string[] = [];
    const queue = new UndoQueue({
      delayMs: 6000,
      onChange: (p) => changes.push(p?.label ?? null),
      onError: (_e, a) => errors.push(a.label),
    });
    return { queue, changes, errors };
  };

  it('sends an action only after the delay', async () => {
    const { queue, changes } = setup();
    const a = action('a');
    queue.schedule(a);
    await vi.advanceTimersByTimeAsync(5999);
    expect(a.commit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(a.commit).toHaveBeenCalledOnce();
    expect(changes).toEqual(['a', null]);
    vi.useRealTimers();
  });

  it('never sends an undone action', async () => {
    const { queue } = setup();
    const a = action('a');
    queue.schedule(a);
    expect(queue.undo()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.commit).not.toHaveBeenCalled();
    expect(queue.undo()).toBe(false);
    vi.useRealTimers();
  });

  it('sends the pending action at once when another is scheduled or on flush, and reports failures', async () => {
    const { queue, errors } = setup();
    const a = action(
      'a',
      vi.fn(async () => Promise.reject(new Error('nope'))),
    );
    const b = action('b');
    queue.schedule(a);
    queue.schedule(b);
    expect(a.commit).toHaveBeenCalledOnce();
    await queue.flush();
    expect(b.commit).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(errors).toEqual(['a']));
    vi.useRealTimers();
  });
});
