/**
 * Issues one command per item with at most `window` answers outstanding (RFC 2449 §6.6
 * PIPELINING; window 1 means strictly one at a time). Answers are handled in item order.
 *
 * After the first failure (an issued command rejecting, or `handle` throwing) no new command is
 * issued, but every answer already due is still awaited, so the session stays in step; then the
 * first failure is thrown.
 */
export async function runPipelined<I, R>(
  items: readonly I[],
  window: number,
  issue: (item: I) => Promise<R>,
  handle: (item: I, result: R) => void | Promise<void>,
): Promise<void> {
  const inflight: { item: I; result: Promise<R> }[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const fill = (): void => {
    while (!failure && next < items.length && inflight.length < Math.max(1, window)) {
      const item = items[next++] as I;
      const result = issue(item);
      result.catch(() => undefined); // awaited in order below; don't report it as unhandled meanwhile
      inflight.push({ item, result });
    }
  };
  fill();
  for (let head = inflight.shift(); head; head = inflight.shift()) {
    try {
      const result = await head.result;
      if (!failure) await handle(head.item, result);
    } catch (error) {
      failure ??= { error };
    }
    fill();
  }
  if (failure) throw failure.error;
}
