export * from './accounts';
export * from './commands';
export * from './compose';
export * from './events';
export * from './mail';
export * from './result';
export * from './wizard';
