/** The CLI's exit codes, and the errors that end a run with one of them. */

export const EXIT = { ok: 0, api: 1, usage: 2, noToken: 3, network: 4, maybeSent: 5 } as const;

/** Wrong use of the tool: exit code 2 with a hint to the help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A finished run with its exit code (used for "no token"). */
export class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
