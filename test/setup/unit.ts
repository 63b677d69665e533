// Dexie needs IndexedDB; in Node tests it comes from fake-indexeddb, imported before any Dexie module.
import 'fake-indexeddb/auto';
