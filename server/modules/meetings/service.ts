// The meeting module's public functions, one file per sub-resource.

export * from './agenda';
export * from './badge-lists';
export * from './delegations';
export * from './documents';
export * from './editions';
