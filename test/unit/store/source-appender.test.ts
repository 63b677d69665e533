import { describe, expect, it } from 'vitest';

import { createSourceAppender } from '../../../renderer/store/source-appender';
import { memorySegments } from '../../helpers/memory-segments';
import { bytes } from './fixtures';

const sources = (...texts: string[]) => new Map(texts.map((t, i) => [`m${i}-${t}`, bytes(t)]));
const quiet = () => undefined;

describe('createSourceAppender', () => {
  it('appends a batch end to end, flushes once, and says where each source is', async () => {
    const files = memorySegments();
    const appender = createSourceAppender(files, quiet);
    const first = await appender.append(sources('hello', 'world!'));
    const second = await appender.append(sources('again'));

    expect([...first!.values()]).toEqual([
      { segment: 1, at: 0, length: 5 },
      { segment: 1, at: 5, length: 6 },
    ]);
    expect([...second!.values()]).toEqual([{ segment: 1, at: 11, length: 5 }]);
    expect(files.text(1)).toBe('helloworld!again');
    // Durable before the refs are handed out: the flush comes after the batch's last write.
    expect(files.calls).toEqual(['open 1', 'write 1@0+5', 'write 1@5+6', 'flush 1', 'write 1@11+5', 'flush 1']);
    expect(appender.current()).toBe(1);
  });

  it('starts the next segment once the current one reached the size, never splitting a batch', async () => {
    const files = memorySegments();
    const appender = createSourceAppender(files, quiet, 8);
    await appender.append(sources('12345'));
    await appender.append(sources('6789', 'abc')); // 5 < 8: still segment 1, and it may exceed 8
    const third = await appender.append(sources('next'));

    expect(files.text(1)).toBe('123456789abc');
    expect([...third!.values()]).toEqual([{ segment: 2, at: 0, length: 4 }]);
    expect(files.files.get(1)?.locked).toBe(false);
    expect(appender.current()).toBe(2);
  });

  it('continues the highest segment there is (its tail may be an interrupted batch)', async () => {
    const files = memorySegments();
    for (const n of [1, 3, 2]) (await files.openForAppend(n)).close();
    const h = await files.openForAppend(3);
    h.write(bytes('orphan'), { at: 0 });
    h.close();

    const refs = await createSourceAppender(files, quiet).append(sources('new'));
    expect([...refs!.values()]).toEqual([{ segment: 3, at: 6, length: 3 }]);
  });

  it('cuts the segment back and rejects when a write fails (a full disk), then appends again', async () => {
    const files = memorySegments();
    const appender = createSourceAppender(files, quiet);
    await appender.append(sources('kept'));
    files.failNextWrite = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });

    await expect(appender.append(sources('one', 'two'))).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(files.text(1)).toBe('kept');
    expect(files.calls.slice(-2)).toEqual(['truncate 1→4', 'flush 1']);

    const after = await appender.append(sources('later'));
    expect([...after!.values()]).toEqual([{ segment: 1, at: 4, length: 5 }]);
    expect(files.text(1)).toBe('keptlater');
  });

  it('keeps sources inline when another window holds the segment, and says so once', async () => {
    const files = memorySegments();
    const other = await files.openForAppend(1);
    const logged: string[] = [];
    const appender = createSourceAppender(files, (m) => logged.push(m));

    expect(await appender.append(sources('a'))).toBeNull();
    expect(await appender.append(sources('b'))).toBeNull();
    expect(appender.current()).toBeNull();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('segment 1');
    other.close();
  });

  it('keeps sources inline when the directory cannot be listed', async () => {
    const files = memorySegments();
    files.list = () => Promise.reject(new Error('SecurityError'));
    expect(await createSourceAppender(files, quiet).append(sources('a'))).toBeNull();
  });

  it('appends in call order even when calls overlap', async () => {
    const files = memorySegments();
    const appender = createSourceAppender(files, quiet);
    const all = await Promise.all(['a', 'bb', 'ccc', 'dddd'].map((t) => appender.append(sources(t))));
    expect(all.map((refs) => [...refs!.values()][0]!.at)).toEqual([0, 1, 3, 6]);
    expect(files.text(1)).toBe('abbcccdddd');
  });
});
