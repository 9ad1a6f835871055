/** Which files `logs` reads: a log file, an FTPSVC<n> folder, or a LogFiles folder holding FTPSVC<n> folders. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../core/errors.js';

const LOG_FILE = /\.log$/i;
const SITE_FOLDER = /^FTPSVC\d+$/i;

export function findFtpLogs(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`${path} does not exist: give --dir the IIS log folder (C:\\inetpub\\logs\\LogFiles, which holds FTPSVC<n> folders), one FTPSVC<n> folder, or a log file.`);
  }
  if (st.isFile()) return [path];
  const logsIn = (dir: string) => readdirSync(dir).filter((f) => LOG_FILE.test(f)).sort().map((f) => join(dir, f));
  const files = SITE_FOLDER.test(basename(path))
    ? logsIn(path)
    : readdirSync(path)
        .filter((d) => SITE_FOLDER.test(d) && statSync(join(path, d)).isDirectory())
        .sort()
        .flatMap((d) => logsIn(join(path, d)));
  if (files.length === 0) {
    throw new UserError(`No FTP log files (FTPSVC<n>\\*.log) under ${path}: check --dir, and that FTP logging is enabled for the site (IIS Manager, FTP Logging).`);
  }
  return files;
}
