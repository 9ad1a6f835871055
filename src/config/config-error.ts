/**
 * The one shape of every reader error: `file:line:column: what is wrong; what to do.`
 * Editors and CI logs turn `file:line:column` into a link, so it comes first.
 */
import { ConfigReadError } from '../core/errors.js';

/** A place in a file, 1-based, as people count lines and columns. */
export interface TextPlace {
  line: number;
  column: number;
}

export function configErrorAt(file: string, place: TextPlace, problem: string, fix: string): ConfigReadError {
  return new ConfigReadError(`${file}:${place.line}:${place.column}: ${problem}; ${fix}.`);
}

export function configError(file: string, problem: string, fix: string): ConfigReadError {
  return new ConfigReadError(`${file}: ${problem}; ${fix}.`);
}

/** The fix for any XML that is not well-formed: IIS refuses such a file too, so the admin must repair it. */
export const FIX_XML = 'repair the XML (IIS cannot load this file either), e.g. from a backup in %SystemDrive%\\inetpub\\history';
