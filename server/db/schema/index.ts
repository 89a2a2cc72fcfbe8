export * from './audit';
export * from './curriculum';
export * from './delivery';
export * from './identity';
export * from './partners';
export * from './reference';
export * from './registry';
