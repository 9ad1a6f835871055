/**
 * The one shape of every reader error: `file:line:column: what is wrong; what to do.`
 * Editors and CI logs turn `file:line:column` into a link, so it comes first.
 * Each error also carries a stable code, so callers and tests tell refusals apart
 * without reading the sentence (whose wording may improve at any time).
 */
import { ConfigReadError } from '../core/errors.js';

/** A place in a file, 1-based, as people count lines and columns. */
export interface TextPlace {
  line: number;
  column: number;
}

export type ConfigErrorCode =
  /** The file (or a configSource / shared file it names) does not exist. */
  | 'FILE_MISSING'
  | 'FILE_IS_FOLDER'
  | 'FILE_TOO_LARGE'
  | 'FILE_PERMISSION_DENIED'
  /** Any other I/O failure while reading. */
  | 'FILE_UNREADABLE'
  /** Bytes that are not valid UTF-8, or a truncated UTF-16 file. */
  | 'ENCODING_INVALID'
  /** Not well-formed XML (unclosed tags, bad quoting, truncation, ...). */
  | 'XML_MALFORMED'
  /** A DOCTYPE: refused before anything after it is read, so no entity is ever defined or expanded. */
  | 'XML_DOCTYPE'
  /** An entity or character reference that is not one of XML's own. */
  | 'XML_ENTITY'
  | 'XML_TOO_DEEP'
  /** Well-formed XML that is not an IIS configuration (another root, a configSource file of another section). */
  | 'NOT_IIS_CONFIG'
  /** A value IIS would refuse too (a port that is not a number, a site without a name). */
  | 'VALUE_INVALID'
  /** configSource used where IIS does not allow it. */
  | 'CONFIG_SOURCE_INVALID'
  /** redirection.config enables shared configuration this machine cannot follow. */
  | 'SHARED_CONFIG_INVALID';

/** A reader error with its code: every error the reader throws is one of these. */
export class ConfigFileError extends ConfigReadError {
  constructor(message: string, readonly code: ConfigErrorCode) {
    super(message);
  }
}

export function configErrorAt(file: string, place: TextPlace, problem: string, fix: string, code: ConfigErrorCode = 'XML_MALFORMED'): ConfigFileError {
  return new ConfigFileError(`${file}:${place.line}:${place.column}: ${problem}; ${fix}.`, code);
}

export function configError(file: string, problem: string, fix: string, code: ConfigErrorCode): ConfigFileError {
  return new ConfigFileError(`${file}: ${problem}; ${fix}.`, code);
}

/** The fix for any XML that is not well-formed: IIS refuses such a file too, so the admin must repair it. */
export const FIX_XML = 'repair the XML (IIS cannot load this file either), e.g. from a backup in %SystemDrive%\\inetpub\\history';
