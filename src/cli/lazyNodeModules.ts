/**
 * Node built-ins loaded when first needed, not at start-up: `send` uses none of them (together ~10 ms).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const childProcess = (): typeof import('node:child_process') => require('node:child_process') as typeof import('node:child_process');
export const fsp = (): typeof import('node:fs/promises') => require('node:fs/promises') as typeof import('node:fs/promises');
export const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
/* eslint-enable @typescript-eslint/no-require-imports */
