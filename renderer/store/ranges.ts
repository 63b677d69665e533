import Dexie, { type IndexableType } from 'dexie';

/**
 * Bounds for `between()` that select every key of a compound index beginning with `prefix`.
 * A shorter array sorts before all its extensions, so the lower bound is the prefix itself, and
 * `[...prefix, Dexie.maxKey]` sorts after every extension made of strings and numbers.
 *
 * Never put `Dexie.maxKey` (one shared array) twice into one key: IndexedDB's key conversion
 * rejects an array that appears twice in a key ("seen" in the spec), which is what Dexie's own
 * virtual index on a three-part compound index does, so code here never relies on that.
 */
export const startingWith = (...prefix: IndexableType[]): [IndexableType[], IndexableType[]] => [prefix, [...prefix, Dexie.maxKey]];
