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

/**
 * apply failed and could not put things back: ftpsvc is not as it was before the run, or the configuration is
 * not the previous one (or nobody knows). FTP may be down on this backend: exit code 3 (ExitCode.FtpDown).
 */
export class FtpDownError extends ApplyError {}

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
  /** apply failed AND its rollback did not bring back both the configuration and ftpsvc: FTP may be down here. */
  FtpDown: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The one mapping from a thrown error to the exit code: FtpDownError 3, anything else 1. */
export function exitCodeFor(err: unknown): ExitCode {
  return err instanceof FtpDownError ? ExitCode.FtpDown : ExitCode.Error;
}
