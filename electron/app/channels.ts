/**
 * The two IPC channels between preload and main, declared once (STYLE.md habit 1). Every command
 * travels on `homing:call` and is named inside the payload by the contract; every engine event
 * travels on `homing:event`. Nothing else crosses Electron IPC.
 */
export const CALL_CHANNEL = 'homing:call';
export const EVENT_CHANNEL = 'homing:event';
