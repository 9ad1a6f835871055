import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildAgentCall, parseAgentOutput, SESSION_SETUP_LINE } from '../../../src/powershell/agent-call.js';
import { makeBackupName } from '../../../src/apply/backup-name.js';

describe('the only PowerShell Node sends', () => {
  test('a call line is a fixed function name and a single-quoted base64 literal, whatever the data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, name) => {
        const payload = { changes: [{ filter: `system.applicationHost/sites/site[@name="${name}"]`, value }] };
        const line = buildAgentCall('Invoke-FtpsEnforcerApply', payload);
        const m = /^Invoke-FtpsEnforcerApply -PayloadBase64 '([A-Za-z0-9+/]*={0,2})'$/.exec(line);
        assert.ok(m, line);
        assert.deepEqual(JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')), JSON.parse(JSON.stringify(payload)));
      }),
    );
  });

  test('a name outside the allow-list is refused', () => {
    assert.throws(() => buildAgentCall('Remove-Item' as never, {}), /not an agent function/);
  });

  test('the session setup line carries no data: the module path comes through the environment', () => {
    assert.match(SESSION_SETUP_LINE, /Import-Module -Name \$env:FTPS_ENFORCER_AGENT_MODULE/);
    assert.doesNotMatch(SESSION_SETUP_LINE, /[/\\]scripts[/\\]/);
  });

  test('the result is the last JSON line, with console control sequences removed', () => {
    assert.deepEqual(parseAgentOutput('\u001b[?1h\u001b[?1lWARNING: x\n{"ok":false}\n\u001b[?1h{"ok":true}\n\u001b[?1l'), { ok: true });
    assert.equal(parseAgentOutput('no json here'), undefined);
  });
});

describe('backup names', () => {
  test('sortable by time, unique by a random tail', () => {
    assert.equal(makeBackupName(new Date('2026-11-25T03:15:00.123Z'), () => 'a1b2c3'), 'ftps-enforcer-20261125T031500Z-a1b2c3');
    assert.notEqual(makeBackupName(new Date()), makeBackupName(new Date()));
  });
});
