/**
 * Wraps a store read in a User Timing measure ("homing:search", "homing:page", …): visible in
 * DevTools' performance panel and read by the mail-window bench; costs a mark per query.
 */
export const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  try {
    return await run();
  } finally {
    try {
      performance.measure(`homing:${name}`, { start, end: performance.now() });
    } catch {
      // User Timing missing or full: timing is optional.
    }
  }
};
