/**
 * IIS shared configuration: when `redirection.config` beside
 * applicationHost.config has `<configurationRedirection enabled="true"
 * path="\\server\share\config"/>`, IIS reads applicationHost.config from that
 * folder instead. IIS expects an absolute (usually UNC) path; a relative one
 * is resolved against redirection.config's own folder, so bundled copies of a
 * shared setup can be audited anywhere.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, win32 } from 'node:path';
import { configErrorAt, type TextPlace } from './config-error.js';
import { isWindowsAbsolute, readConfigBytes, resolveIisPath } from './config-files.js';
import { decodeConfigBytes } from './decode-text.js';
import { XmlScanner } from './xml-scanner.js';
import { decodeEntities } from './entities.js';

export interface Redirection {
  redirectionConfig: string;
  /** The `path` attribute as written. */
  path: string;
  /** The applicationHost.config IIS reads instead. */
  configFile: string;
}

/** The redirection.config beside `configFile`, if there is one: its bytes (for the hash) and where it points. */
export function findRedirection(configFile: string, platform: NodeJS.Platform = process.platform): { bytes: Buffer; file: string; redirection?: Redirection } | undefined {
  const file = join(dirname(configFile), 'redirection.config');
  if (!existsSync(file)) return undefined;
  const bytes = readConfigBytes(file, 'redirection.config', 'check the folder');
  const sc = new XmlScanner(decodeConfigBytes(bytes, file).text, file);
  // Scan the whole file first: a malformed redirection.config is reported as such, whatever it contains.
  let element: { path: string | undefined; place: TextPlace } | undefined;
  for (let tok = sc.next(); tok !== 'eof'; tok = sc.next()) {
    if (tok !== 'open' || element || !sc.nameIs('configurationRedirection')) continue;
    const enabled = sc.findAttr('enabled');
    if (enabled < 0 || sc.attrRaw(enabled).trim().toLowerCase() !== 'true') continue;
    const p = sc.findAttr('path');
    const decoded = p < 0 ? undefined : decodeEntities(sc.attrRaw(p));
    element = { path: decoded === undefined ? undefined : decoded.ok ? decoded.value : sc.attrRaw(p), place: sc.placeOf(p < 0 ? sc.tagStart : sc.attrNameAt(p)) };
  }
  const found = element ? checkRedirection(file, configFile, element.path ?? '', element.place, platform) : undefined;
  return found ? { bytes, file, redirection: found } : { bytes, file };
}

function checkRedirection(file: string, configFile: string, path: string, place: TextPlace, platform: NodeJS.Platform): Redirection {
  if (path.trim() === '') throw configErrorAt(file, place, 'shared configuration is enabled but has no path', 'set path to the folder holding the shared applicationHost.config, or set enabled="false"', 'SHARED_CONFIG_INVALID');
  if (isWindowsAbsolute(path) && platform !== 'win32' && !existsSync(path)) {
    throw configErrorAt(file, place, `shared configuration points to the Windows path ${path}, which this machine cannot open`,
      'run the audit on the IIS server itself, or copy the shared folder here and give its applicationHost.config with --config (after disabling redirection in the copy)', 'SHARED_CONFIG_INVALID');
  }
  const folder = resolveIisPath(path, file, platform);
  const target = platform === 'win32' ? win32.join(folder, 'applicationHost.config') : join(folder, 'applicationHost.config');
  if (!existsSync(target)) {
    throw configErrorAt(file, place, `shared configuration is enabled but ${target} does not exist`, `check the share and the path attribute, or set enabled="false" to use the local ${basename(configFile)}`, 'SHARED_CONFIG_INVALID');
  }
  return { redirectionConfig: file, path, configFile: target };
}
