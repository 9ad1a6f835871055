/**
 * The pure parts of apply's state, in process: the state folder's creation,
 * the files apply may write, and the restart-after-a-change-elsewhere decision.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStateDir, protectArguments, stateAclTargets } from '../../src/apply/state-dir.js';
import { filesApplyMayWrite } from '../../src/apply/file-backup.js';
import { effectiveSettingsHash, settingsRestartDecision, settingsRestartOwed } from '../../src/apply/settings-restart.js';
import type { IisFtpState } from '../../src/core/iis-state.js';

const at = { file: 'applicationHost.config', line: 1 };

function state(low: number, sites: [string, string | undefined][], defaults?: string): IisFtpState {
  return {
    origin: { requestedFile: 'a', configFile: 'a', filesRead: ['a'], contentHash: 'h' },
    firewallSupport: { lowDataChannelPort: { value: low, at }, highDataChannelPort: { value: low + 99, at } },
    siteDefaults: { ...(defaults ? { externalIp4Address: { value: defaults, at } } : {}), ssl: {} },
    ftpSites: sites.map(([name, ip], i) => ({ name, id: i + 1, at, ftpBindings: [{ bindingInformation: '*:990:', ip: '*', port: 990, host: '' }], ...(ip ? { externalIp4Address: { value: ip, at } } : {}), ssl: {} })),
    allSiteNames: sites.map(([n]) => n),
    misplaced: [],
  };
}

describe('the state folder', () => {
  test('created 0700 on POSIX; on Windows, created and then limited to SYSTEM and Administrators by SID', () => {
    const root = mkdtempSync(join(tmpdir(), 'state-dir-'));
    try {
      const posix = join(root, 'posix', 'ftps-enforcer');
      ensureStateDir(posix, 'linux', () => assert.fail('no icacls on POSIX'));
      assert.equal(statSync(posix).mode & 0o777, 0o700);

      const protectedDirs: string[] = [];
      const win = join(root, 'win', 'ftps-enforcer');
      ensureStateDir(win, 'win32', (d) => protectedDirs.push(d));
      assert.deepEqual(protectedDirs, [win], 'a folder this run created is protected');
      ensureStateDir(win, 'win32', (d) => protectedDirs.push(d));
      assert.deepEqual(protectedDirs, [win], 'an existing folder is left to the ACL check, not silently re-permissioned');
      assert.deepEqual(protectArguments('C:\\ProgramData\\ftps-enforcer'), ['C:\\ProgramData\\ftps-enforcer', '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the ACL check covers the folder, its parts that exist, and a journal found there', () => {
    const root = mkdtempSync(join(tmpdir(), 'state-dir-'));
    try {
      mkdirSync(join(root, 'locks'));
      mkdirSync(join(root, 'journal'));
      writeFileSync(join(root, 'journal', 'k.json'), '{}');
      assert.deepEqual(stateAclTargets(root, join(root, 'journal', 'k.json')), [
        { path: root, container: tmpdir() },
        { path: join(root, 'locks'), container: root },
        { path: join(root, 'journal'), container: root },
        { path: join(root, 'journal', 'k.json'), container: join(root, 'journal') },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the files apply may write', () => {
  test('the effective applicationHost.config and configSource files, never redirection.config', () => {
    assert.deepEqual(filesApplyMayWrite({ requestedFile: '/l/applicationHost.config', configFile: '/s/applicationHost.config', redirection: { redirectionConfig: '/l/redirection.config', path: '/s' }, filesRead: ['/l/redirection.config', '/s/applicationHost.config', '/s/sites.config'], contentHash: 'h' }), ['/s/applicationHost.config', '/s/sites.config']);
  });
});

describe('restart after the settings changed elsewhere', () => {
  test('the hash covers the passive range and every FTP site\'s effective external address, in any site order', () => {
    const base = effectiveSettingsHash(state(50000, [['A', '1.1.1.1'], ['B', undefined]], '2.2.2.2'));
    assert.equal(effectiveSettingsHash(state(50000, [['B', undefined], ['A', '1.1.1.1']], '2.2.2.2')), base, 'site order does not matter');
    assert.notEqual(effectiveSettingsHash(state(50100, [['A', '1.1.1.1'], ['B', undefined]], '2.2.2.2')), base, 'the range');
    assert.notEqual(effectiveSettingsHash(state(50000, [['A', '1.1.1.1'], ['B', undefined]], '3.3.3.3')), base, 'an inherited address');
    assert.equal(effectiveSettingsHash(state(50000, [['A', '1.1.1.1'], ['B', '2.2.2.2']], '2.2.2.2')), base, 'own value equal to the inherited one: same effective settings');
  });

  test('the decision: in step, changed since the last restart, or no record (shared: restart once; local: taken as running)', () => {
    const record = { settingsHash: 'h1', at: '2026-01-01T00:00:00Z', host: 'web1' };
    assert.deepEqual(settingsRestartDecision('h1', record, true), { kind: 'in-step', since: record.at });
    assert.deepEqual(settingsRestartDecision('h2', record, false), { kind: 'changed-since-restart', restartedAt: record.at, recordedHash: 'h1', currentHash: 'h2' });
    assert.deepEqual(settingsRestartDecision('h2', undefined, true), { kind: 'no-record-shared' });
    assert.deepEqual(settingsRestartDecision('h2', undefined, false), { kind: 'no-record-local' });
    assert.deepEqual(['in-step', 'changed-since-restart', 'no-record-shared', 'no-record-local'].map((k) => settingsRestartOwed({ kind: k } as never)), [false, true, true, false]);
  });
});
