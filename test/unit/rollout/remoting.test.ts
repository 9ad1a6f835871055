import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { agentArguments, parseRemoteOutput, parseSessionsOutput } from '../../../src/rollout/remoting.js';

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

  test("the FTP service's session count: per site, a one-site answer, unreadable with why, a count that is not one refused", () => {
    assert.deepEqual(parseSessionsOutput('{"reached":true,"sessions":{"readable":true,"total":3,"sites":[{"name":"FTPS Site","sessions":2},{"name":"Partners","sessions":1}]}}', '', 0), {
      readable: true, total: 3, sites: [{ name: 'FTPS Site', sessions: 2 }, { name: 'Partners', sessions: 1 }],
    });
    // ConvertTo-Json writes a one-element array as the element.
    assert.deepEqual(parseSessionsOutput('{"reached":true,"sessions":{"readable":true,"total":0,"sites":{"name":"FTPS Site","sessions":0}}}', '', 0), { readable: true, total: 0, sites: [{ name: 'FTPS Site', sessions: 0 }] });
    assert.deepEqual(parseSessionsOutput('{"reached":true,"sessions":{"readable":false,"why":"this backend is not Windows"}}', '', 0), { readable: false, why: 'this backend is not Windows' });
    assert.deepEqual(parseSessionsOutput('{"reached":false,"error":"ssh: connect refused"}', '', 0), { readable: false, why: 'ssh: connect refused' });
    assert.equal(parseSessionsOutput('{"reached":true,"sessions":{"readable":true,"total":"2"}}', '', 0).readable, false);
    assert.equal(parseSessionsOutput('{"reached":true,"sessions":{"readable":true,"total":-1}}', '', 0).readable, false);
    assert.equal(parseSessionsOutput('', 'boom', 1).readable, false);
  });
});
