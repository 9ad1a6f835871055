import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplyLab, desiredFile, parseConfig, report, siteNamed } from './harness.js';

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('site names full of quotes, $(), backticks, semicolons and Unicode', () => {
  const lab = new ApplyLab('drift'); // its applicationHost.config is replaced below
  after(() => lab.cleanup());
  const pwned = [1, 2, 3, 4].map((i) => join(lab.dir, `pwned-${i}`));
  const names = [
    `Tom's $(New-Item -ItemType File -Path ${pwned[0]}) site`,
    `Say "hi"; \`$(New-Item -ItemType File -Path ${pwned[1]})\` & echo ü€ 日本`,
    `Both ' and " $(New-Item -ItemType File -Path ${pwned[2]}); \`whoami\``,
    `plain'); New-Item -ItemType File -Path ${pwned[3]}; ('`,
  ];
  const sites = names
    .map((n, i) => `
            <site name="${xmlAttr(n)}" id="${10 + i}">
                <bindings>
                    <binding protocol="ftp" bindingInformation="*:990:" />
                </bindings>
                <ftpServer>
                    <firewallSupport externalIp4Address="10.0.1.${20 + i}" />
                </ftpServer>
            </site>`)
    .join('');
  writeFileSync(lab.configFile, `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
        <sites>${sites}
            <siteDefaults>
                <ftpServer>
                    <firewallSupport externalIp4Address="203.0.113.10" />
                    <security>
                        <ssl controlChannelPolicy="SslRequire" dataChannelPolicy="SslRequire" />
                    </security>
                </ftpServer>
            </siteDefaults>
        </sites>
    </system.applicationHost>
    <system.ftpServer>
        <firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" />
    </system.ftpServer>
</configuration>
`);

  test('every site is fixed through its own filter, and nothing in a name runs', async () => {
    const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = report(r);
    assert.equal(rep.apply.status, 'applied');
    const filters = rep.changes.map((c: any) => c.filter);
    assert.ok(filters.includes(`system.applicationHost/sites/site[@name="${names[0]}"]/ftpServer/firewallSupport`));
    assert.ok(filters.includes(`system.applicationHost/sites/site[@name='${names[1]}']/ftpServer/firewallSupport`));
    assert.ok(filters.includes(`system.applicationHost/sites/site[@id='12']/ftpServer/firewallSupport`));
    const tree = parseConfig(lab.configFile);
    for (const n of names) {
      assert.equal(siteNamed(tree, n).ftpServer.firewallSupport['@_externalIp4Address'], '203.0.113.10', n);
    }
    for (const p of pwned) assert.equal(existsSync(p), false, `${p} must not exist: a site name was executed`);
    assert.equal(lab.service().restartCount, 1);
  });
});
