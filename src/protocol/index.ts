import './zodLocale';
export * from './events';
export * from './operations';
export * from './messages';
export * from './editor';
export * from './frames';
export * from './session';
export * from './diff';
