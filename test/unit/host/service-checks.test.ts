import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkService } from '../../../src/host/service-checks.js';
import type { ServiceFact } from '../../../src/host/host-facts.js';

const running = (extra: Partial<ServiceFact> = {}): ServiceFact => ({ installed: true, state: 'Running', startMode: 'Auto', delayedAutoStart: false, processId: 1234, processStartTime: '2030-06-01T10:00:00.0000000Z', ...extra });
const codes = (r: ReturnType<typeof checkService>) => Object.fromEntries(r.checks.map((c) => [c.hostCheck, c.status]));

describe('checkService', () => {
  test('not installed is one error with the install hint', () => {
    const r = checkService({ installed: false }, {}, 'on-change');
    assert.deepEqual(codes(r), { SERVICE_INSTALLED: 'error' });
    assert.match(r.checks[0]!.message, /Install-WindowsFeature Web-Ftp-Server/);
  });
  test('healthy service started after the last write', () => {
    assert.deepEqual(codes(checkService(running(), { configWrittenAt: new Date('2030-06-01T09:00:00Z') }, 'on-change')),
      { SERVICE_INSTALLED: 'ok', SERVICE_START_MODE: 'ok', SERVICE_RUNNING: 'ok', SERVICE_RESTART_PENDING: 'ok' });
  });
  test('start modes: Manual warns, Disabled errors, delayed auto is ok', () => {
    assert.equal(codes(checkService(running({ startMode: 'Manual' }), {}, 'on-change')).SERVICE_START_MODE, 'warning');
    assert.equal(codes(checkService(running({ startMode: 'Disabled', state: 'Stopped' }), {}, 'on-change')).SERVICE_START_MODE, 'error');
    const delayed = checkService(running({ delayedAutoStart: true }), {}, 'on-change').checks.find((c) => c.hostCheck === 'SERVICE_START_MODE')!;
    assert.equal(delayed.status, 'ok');
    assert.equal(delayed.current, 'Auto (delayed)');
  });
  test('stopped service: error, and no restart judgement', () => {
    assert.deepEqual(codes(checkService(running({ state: 'Stopped' }), {}, 'on-change')), { SERVICE_INSTALLED: 'ok', SERVICE_START_MODE: 'ok', SERVICE_RUNNING: 'error' });
  });
  test('a known firewall change after the service started is fixable drift with a restart action', () => {
    const r = checkService(running(), { firewallChangedAt: { at: new Date('2030-06-01T11:00:00Z'), source: 'history' } }, 'on-change');
    const c = r.checks.find((x) => x.hostCheck === 'SERVICE_RESTART_PENDING')!;
    assert.equal(c.status, 'drift');
    assert.equal(c.fixable, true);
    assert.match(c.message, /^Restart pending/);
    assert.deepEqual(r.action, { kind: 'restart-ftpsvc', id: 'host:restart-ftpsvc', reason: c.message.replace(/^Restart pending: /, '').replace(/, so passive.*$/, '') });
  });
  test('restart policy never: still drift, not fixable, no action', () => {
    const r = checkService(running(), { firewallChangedAt: { at: new Date('2030-06-01T11:00:00Z'), source: 'apply' } }, 'never');
    const c = r.checks.find((x) => x.hostCheck === 'SERVICE_RESTART_PENDING')!;
    assert.deepEqual([c.status, c.fixable, r.action], ['drift', false, undefined]);
  });
  test('only the config file write time after the start: a warning, not drift', () => {
    const r = checkService(running(), { configWrittenAt: new Date('2030-06-01T12:00:00Z') }, 'on-change');
    assert.equal(codes(r).SERVICE_RESTART_PENDING, 'warning');
    assert.equal(r.action, undefined);
  });
  test('a change before the start is fine; an unknown start time warns', () => {
    assert.equal(codes(checkService(running(), { firewallChangedAt: { at: new Date('2030-06-01T09:59:59Z'), source: 'history' }, configWrittenAt: new Date('2030-06-01T12:00:00Z') }, 'on-change')).SERVICE_RESTART_PENDING, 'ok');
    assert.equal(codes(checkService(running({ processStartTime: null }), {}, 'on-change')).SERVICE_RESTART_PENDING, 'warning');
  });
});
