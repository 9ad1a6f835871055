/**
 * The file-system edge of the reader: read one configuration file's bytes
 * with errors an administrator can act on, and resolve paths the way IIS
 * writes them (backslashes, drive letters, UNC shares) on this machine.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, win32 } from 'node:path';
import { configError } from './config-error.js';

/** Far above any real applicationHost.config (50,000 sites is ~30 MB); refuses runaway inputs before reading. */
export const MAX_CONFIG_BYTES = 256 * 1024 * 1024;

/** `what` names the file's role for the message, e.g. "the configSource file named at x:3:5". */
export function readConfigBytes(file: string, what: string, hint: string): Buffer {
  checkConfigFile(file, what, hint);
  try {
    return readFileSync(file);
  } catch (err) {
    throw fsError(err, file, what, hint);
  }
}

/**
 * Reads `file` and hands its bytes to `use`, then gives their memory back at once (not at the next
 * garbage collection): the bytes live in a resizable ArrayBuffer that is shrunk to nothing as soon as
 * `use` returns, so a large file's bytes and the text decoded from them are not both held while the
 * text is walked (peak memory, docs/performance.md). `use` must not keep the bytes.
 */
export function useConfigBytes<T>(file: string, what: string, hint: string, use: (bytes: Buffer) => T): T {
  const size = checkConfigFile(file, what, hint);
  // The ES2024 resizable ArrayBuffer (V8 has it since Node 20); typed here because the project's lib is ES2022.
  const store = new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(size, { maxByteLength: size });
  try {
    let length = 0;
    try {
      const fd = openSync(file, 'r');
      try {
        // Until the size stat gave, or the end of the file if it shrank since (readFileSync reads the same).
        for (let n = -1; length < size && n !== 0; length += n) n = readSync(fd, new Uint8Array(store, length, size - length), 0, size - length, length);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw fsError(err, file, what, hint);
    }
    return use(Buffer.from(store, 0, length));
  } finally {
    store.resize(0);
  }
}

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
type ResizableArrayBufferConstructor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/** The file's size, after refusing a folder or a file larger than any IIS configuration. */
function checkConfigFile(file: string, what: string, hint: string): number {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw configError(file, `${what} is a folder, not a file`, 'give the path of the file itself', 'FILE_IS_FOLDER');
    size = st.size;
  } catch (err) {
    throw fsError(err, file, what, hint);
  }
  if (size > MAX_CONFIG_BYTES) {
    throw configError(file, `${what} is ${Math.round(size / 1048576)} MB, more than the ${MAX_CONFIG_BYTES / 1048576} MB this tool reads`, 'check the path: no IIS configuration is that large', 'FILE_TOO_LARGE');
  }
  return size;
}

function fsError(err: unknown, file: string, what: string, hint: string): Error {
  if (err instanceof Error && err.name === 'UserError') return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return configError(file, `${what} does not exist`, hint, 'FILE_MISSING');
  if (code === 'EACCES' || code === 'EPERM') {
    return configError(file, `${what} cannot be read (permission denied)`, 'run as a user who can read it (on Windows, from an elevated prompt)', 'FILE_PERMISSION_DENIED');
  }
  return configError(file, `${what} cannot be read (${code ?? (err as Error).message})`, 'check the path and the disk', 'FILE_UNREADABLE');
}

/** `C:\...`, `\\server\share\...` or `//server/share/...`: paths only Windows can open. */
export function isWindowsAbsolute(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]{2}[^\\/]/.test(p);
}

/**
 * A path IIS wrote, relative to the file that names it. Elsewhere than on
 * Windows, backslashes become slashes so `config\sites.config` works on a copy.
 */
export function resolveIisPath(p: string, namingFile: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return win32.resolve(win32.dirname(namingFile), p);
  // A drive or UNC path cannot be opened here; keep it as written so the error shows it.
  if (isWindowsAbsolute(p)) return p;
  const local = p.replace(/\\/g, '/');
  return isAbsolute(local) ? local : resolve(dirname(namingFile), local);
}
