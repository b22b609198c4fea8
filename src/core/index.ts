/**
 * The OK Graph API core: ids, schemas, request builders, the client and message formatting.
 * Nothing here depends on `vscode`; the extension, the CLI and the tests all use this module.
 */
export * from './ids';
export * from './redact';
export * from './errors';
export * from './schemas';
export * as requests from './requests';
export type { ApiRequest } from './requests';
export * from './client';
export * from './format';
export * from './urls';
export * from './token';
export * from './buildRules';
export * from './notify';
export * from './proxy';
export type * from './transport';
export * from './upload';
export * from './display';
export * from './outbox';
export * from './jobs';
