import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { agentArguments, parseRemoteOutput } from '../../../src/rollout/remoting.js';

describe('remoting', () => {
  test('apply runs the agent with the desired state; restart (shared configuration) forces the restart; --config only when given', () => {
    assert.deepEqual(agentArguments('apply', { desiredPath: 'D:\\ftps\\desired.json' }), ['apply', '--desired', 'D:\\ftps\\desired.json', '--format', 'json']);
    assert.deepEqual(agentArguments('restart', { desiredPath: 'd.json', configPath: 'E:\\shared\\applicationHost.config' }), [
      'apply', '--desired', 'd.json', '--format', 'json', '--restart', 'always', '--config', 'E:\\shared\\applicationHost.config',
    ]);
  });

  test('the script\'s one JSON line: reached with the agent\'s exit code, or not reached with why', () => {
    assert.deepEqual(parseRemoteOutput('warning first\n{"reached":true,"started":true,"exitCode":2,"stdout":"{}","stderr":"x"}\n', '', 0), { reached: true, exitCode: 2, stdout: '{}', stderr: 'x' });
    assert.deepEqual(parseRemoteOutput('{"reached":false,"error":"The background process reported an error"}', '', 0), { reached: false, error: 'The background process reported an error' });
    assert.deepEqual(parseRemoteOutput('{"reached":true,"started":false,"stderr":"not recognized"}', '', 0), { reached: false, error: 'not recognized' });
    const broken = parseRemoteOutput('', 'ParserError: something', 1);
    assert.equal(broken.reached, false);
    assert.match((broken as { error: string }).error, /answered no result \(exit 1\): ParserError: something/);
  });
});
