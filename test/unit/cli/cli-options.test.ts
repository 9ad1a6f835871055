/** The command line as a new user meets it (issue 19 item 7): help examples, option names, missing and mistyped options. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import yargs from 'yargs';
import { main } from '../../../src/cli/main.js';
import { CaptureStream } from '../../../src/cli/capture-stream.js';
import { commands } from '../../../src/cli/commands/index.js';
import { auditCommand } from '../../../src/cli/commands/audit.js';
import { fixture } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';
import { hostname } from 'node:os';

async function run(argv: string[]) {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const code = await main(argv, { stdout, stderr, cwd: process.cwd(), env: { NO_COLOR: '1' }, platform: 'linux' });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('ftps-enforcer command line', () => {
  test('every command\'s --help has examples', () => {
    for (const c of commands) {
      const name = c.command.split(' ')[0]!;
      const r = runCli([name, '--help']);
      assert.match(r.stdout, /\nExamples:\n[^\n]*ftps-enforcer /, `${name} --help`);
    }
  });

  test('a missing required option is named as it is typed: --desired, not "desired"', async () => {
    const r = await run(['audit', '--config', fixture('broken-backend', 'applicationHost.config')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: audit needs --desired /);
    const p = await run(['probe', '--user', 'u']);
    assert.match(p.stderr, /^error: probe needs --vip /);
  });

  test('an unknown option gets a "did you mean"; an unknown command too', async () => {
    const r = await run(['audit', '--desierd', fixture('desired.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: audit has no option --desierd; did you mean --desired\?/);
    const f = await run(['apply', '--dry-run', '--desired', fixture('desired.json'), '--restart-policy', 'never']);
    assert.match(f.stderr, /did you mean --restart\?/);
    const c = await run(['audti', '--desired', 'x']);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /^error: There is no command "audti"; did you mean audit\?/);
  });

  test('--host NAME on audit says what was meant instead of failing oddly; bare --host still means --host-checks', async () => {
    const r = await run(['audit', '--host', 'iis1', '--desired', fixture('desired.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--host-checks/);
    assert.match(r.stderr, /probe --vip iis1/);
    assert.match(r.stderr, /--backend-name iis1/);
    const parsed = auditCommand.builder(yargs(['--desired', 'd.json', '--host']).exitProcess(false)).parseSync() as { hostChecks?: boolean };
    assert.equal(parsed.hostChecks, true);
  });

  test('probe takes the VIP as --vip (--host kept as its old name); fleet labels a backend with --backend-name', async () => {
    const probe = runCli(['probe', '--help']);
    assert.match(probe.stdout, /--vip\b.*VIP/);
    const fleet = runCli(['fleet', '--help']);
    assert.match(fleet.stdout, /--backend-name\b/);
  });

  test('schedule --help marks --every as required for install and states the --mode default', async () => {
    const r = runCli(['schedule', '--help']);
    assert.match(r.stdout, /--every[\s\S]*required for install/);
    assert.match(r.stdout, /--mode[\s\S]*apply, the default/);
  });

  test('an audit report names the computer it was made on (JSON host)', async () => {
    const r = await run(['audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', fixture('desired.json'), '--format', 'json']);
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stdout).host, hostname());
  });
});
