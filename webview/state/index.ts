export * from './types';
export * from './timeline';
export * from './reducer';
export * from './selectors';
export * from './persist';
export * from './store';
export * from './taskRuns';
