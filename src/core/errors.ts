/**
 * User-facing errors: bad input, missing prerequisites, refused operations.
 * The message is one plain-English sentence naming the file, the place and the
 * fix; the CLI prints it on stderr and exits 1. Anything else thrown is a bug
 * (InternalError or a plain Error) and is reported as such.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, readonly details?: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The configuration could not be read or parsed (missing file, malformed XML, missing configSource). */
export class ConfigReadError extends UserError {}

/** The configuration has no FTP server to enforce (the FTP role is not installed, IIS Express, Hostable Web Core). */
export class FtpNotInstalledError extends UserError {}

/** An output option names a file the run reads (refused before anything is written). */
export class OutputOverInputError extends UserError {}

/** The desired-state file is missing, not JSON, or fails the schema or the semantic rules. */
export class DesiredStateError extends UserError {}

/** apply could not proceed or failed; `rolledBack` says whether the previous configuration is back. */
export class ApplyError extends UserError {
  constructor(message: string, readonly rolledBack: boolean | undefined, details?: readonly string[]) {
    super(message, details);
  }
}

/** A precondition the environment does not meet (no PowerShell, no WebAdministration, not elevated). */
export class PrerequisiteError extends UserError {}

/** A violated invariant: a bug in this tool, never the user's fault. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

export const ExitCode = {
  Compliant: 0,
  Error: 1,
  Drift: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
