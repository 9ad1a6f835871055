/**
 * readIisConfig: applicationHost.config (following shared configuration and
 * configSource files) → IisFtpState, the FTP facts the planner needs.
 * Synchronous: one pass per file over text already in memory is faster than
 * any stream, and the CLI has nothing else to do meanwhile.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IisFtpState } from '../core/iis-state.js';
import { configErrorAt } from './config-error.js';
import { resolveIisPath, useConfigBytes } from './config-files.js';
import { decodeConfigBytes } from './decode-text.js';
import { newFactsBuilder, toState, type FactsBuilder } from './facts-builder.js';
import { findRedirection } from './redirection.js';
import { refuseWithoutFtp } from './ftp-presence.js';
import { walkSections, type WalkStart } from './section-walker.js';
import { XmlScanner } from './xml-scanner.js';

export function readIisConfig(path: string): IisFtpState {
  // Hashed as each file is read (the same digest as sha256(...allBytes) in hash.ts), so no file's
  // bytes outlive its decoding (useConfigBytes frees them then): peak memory stays near one copy of the text.
  const hash = createHash('sha256');
  const filesRead: string[] = [];
  const read = (file: string, what: string, hint: string): string =>
    useConfigBytes(file, what, hint, (bytes) => {
      hash.update(bytes);
      filesRead.push(file);
      return decodeConfigBytes(bytes, file).text;
    });

  const redirect = findRedirection(path);
  if (redirect) {
    hash.update(redirect.bytes);
    filesRead.push(redirect.file);
  }
  const configFile = redirect?.redirection?.configFile ?? path;
  const facts = newFactsBuilder();
  const refs = walk(read(configFile, 'the IIS configuration file', 'check --config (IIS keeps it in %windir%\\System32\\inetsrv\\config)'), configFile, facts, 'document');
  for (const ref of refs) {
    const file = resolveIisPath(ref.configSource, ref.file);
    if (!existsSync(file)) {
      throw configErrorAt(ref.file, ref.at, `configSource="${ref.configSource}" on <${ref.section}> names ${file}, which does not exist`,
        'restore that file or correct the configSource attribute (IIS cannot load the section either)', 'FILE_MISSING');
    }
    walk(read(file, `the configSource file for <${ref.section}>`, 'restore it or fix the configSource path'), file, facts, ref.section);
  }

  refuseWithoutFtp(facts, configFile);
  return toState(facts, {
    requestedFile: path,
    configFile,
    ...(redirect?.redirection ? { redirection: { redirectionConfig: redirect.redirection.redirectionConfig, path: redirect.redirection.path } } : {}),
    filesRead,
    contentHash: hash.digest('hex'),
  });
}

function walk(text: string, file: string, facts: FactsBuilder, start: WalkStart) {
  return walkSections(new XmlScanner(text, file), facts, start);
}
