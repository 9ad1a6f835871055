import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../../src/render/index.js';
import { mdText } from '../../../src/render/markdown.js';
import fc from 'fast-check';
import { REPORTS, HOSTILE_NAMES, plan, check, change } from './sample-plans.js';

const md = (name: string) => renderReport(REPORTS[name]!, 'markdown', { color: false });

/** Splits a GFM table row on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') { cur += row[i]! + (row[i + 1] ?? ''); i++; continue; }
    if (row[i] === '|') { parts.push(cur); cur = ''; continue; }
    cur += row[i];
  }
  parts.push(cur);
  return parts.slice(1, -1).map((c) => c.trim());
}

/** What a cell shows once Markdown escapes and entities are resolved (enough of CommonMark for our output). */
function unescape(s: string): string {
  return s.replace(/\\([\\`*_[\]|~])/g, '$1').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('Markdown report', () => {
  test('siteDefaults rows are labelled "(site defaults)", server rows "(server)"; the host is named', () => {
    const m = md('audit-drift');
    assert.match(m, /^\| 🔸 drift \| \*\(site defaults\)\* \| externalIp4Address \| siteDefaults \|/m);
    assert.match(m, /^\| 🔸 drift \| \*\(server\)\* \| lowDataChannelPort \| server \|/m);
    assert.doesNotMatch(m, /\*\(server\)\* \| \w+ \| siteDefaults/);
    assert.match(m, /^- \*\*Host:\*\* IIS-WEB1$/m);
  });

  test('status line first', () => {
    assert.match(md('audit-drift'), /^### 🔸 ftps-enforcer audit: drift; 5 to change, 1 warning, 1 error; exit code 2\n/);
    assert.match(md('audit-compliant'), /^### ✅ ftps-enforcer audit: compliant; 1 warning; exit code 0\n/);
    assert.match(md('apply-failed'), /^### ❌ ftps-enforcer apply failed \(rolled back\); exit code 1\n/);
  });

  test('hostile names never break the table: every row has exactly 8 cells, and the Site cell shows the name', () => {
    const rows = md('audit-hostile-names').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Status'));
    assert.equal(rows.length, HOSTILE_NAMES.length);
    rows.forEach((row, i) => {
      const c = cells(row);
      assert.equal(c.length, 8, row);
      const shown = unescape(c[1]!).replace(/\\n/g, '\n').replace(/\\u([0-9a-f]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      assert.equal(shown, HOSTILE_NAMES[i]!.replace(/\r\n|\r/g, '\n'));
    });
  });

  test('no raw HTML, no mentions, no line breaks inside data', () => {
    const out = md('audit-hostile-names');
    const table = out.slice(0, out.indexOf('####'));
    assert.ok(!table.includes('<script>'), 'HTML is escaped');
    assert.ok(!/(^|[^#\w])@team/.test(table), '@ is an entity, so no mention');
    assert.equal(mdText('a\nb'), 'a\\nb');
    assert.equal(mdText('  x '), '&#32;&#32;x&#32;');
    assert.equal(mdText('a|b`c*d_e<f>g&h@i'), 'a\\|b\\`c\\*d\\_e&lt;f&gt;g&amp;h&#64;i');
  });

  test('the PowerShell block cannot be closed early by a name full of backticks', () => {
    const out = md('audit-hostile-names');
    const open = out.match(/^(`{3,})powershell$/m);
    assert.ok(open, 'a powershell fence');
    const fence = open[1]!;
    assert.ok(fence.length > 3, 'longer than the ``` inside a site name');
    const body = out.slice(out.indexOf(open[0]) + open[0].length);
    const close = body.indexOf(`\n${fence}\n`);
    assert.ok(close > 0);
    assert.match(body.slice(0, close), /```fence```/);
    assert.ok(!body.slice(0, close).includes('\uFEFF'), 'no BOM inside Markdown');
  });

  test('a fleet-sized plan still fits in a pull-request comment (65,536 characters)', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `FTP site ${i}`);
    const big = plan({
      checks: names.map((name) => check({ code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: name, scope: 'site', setting: 'externalIp4Address', current: '10.0.1.11', desired: '203.0.113.10', message: `Site ${JSON.stringify(name)} advertises 10.0.1.11, so clients will be sent to 10.0.1.11 instead of the VIP 203.0.113.10.` })),
      changes: names.map((name) => change({ id: `site:${name}/externalIp4Address`, filter: `system.applicationHost/sites/site[@name='${name}']/ftpServer/firewallSupport`, name: 'externalIp4Address', value: '203.0.113.10', site: name, scope: 'site' })),
    });
    const out = renderReport({ command: 'audit', plan: big }, 'markdown', { color: false });
    assert.ok(out.length < 65536, `${out.length} characters`);
    assert.match(out, /\*… and 4900 more findings: see the JSON or text report\.\*/);
    assert.match(out, /5000 writes are too many to show here: `--emit-script FILE` writes them all for review\./);
  });

  test('apply outcome section', () => {
    const out = md('apply-applied');
    assert.match(out, /#### Apply outcome/);
    assert.match(out, /- \*\*Backup:\*\* ftps\\-enforcer|- \*\*Backup:\*\* ftps-enforcer-20261125T030001Z/);
    assert.match(out, /- \*\*ftpsvc:\*\* restarted \(running again at 2026-11-25T03:00:09\.100Z\); policy on-change/);
    assert.match(out, /- \*\*Verification:\*\* the configuration re-read from disk matches the desired state/);
    assert.match(md('apply-failed'), /- \*\*Rollback:\*\* succeeded: the configuration was restored/);
  });
});

describe('Markdown escaping (property)', () => {
  test('any site name and value: the row keeps 8 cells and the Site cell reads back as the name', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => s.trim() !== '' && !/[\uD800-\uDFFF]/.test(s));
    fc.assert(fc.property(text, text, (name, value) => {
      const p = plan({ checks: [check({ code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: name, scope: 'site', setting: 'externalIp4Address', current: value, desired: '203.0.113.10', message: `Site ${name} is wrong.` })] });
      const row = renderReport({ command: 'audit', plan: p }, 'markdown', { color: false }).split('\n').find((l) => l.startsWith('| 🔸'))!;
      const c = cells(row);
      assert.equal(c.length, 8, row);
      const back = (s: string) => unescape(s).replace(/\\u([0-9a-f]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\n/g, '\n');
      // Backslash-n in the name itself is indistinguishable from an escaped line break after unescaping; compare on that footing.
      const norm = (s: string) => s.replace(/\r\n|\r/g, '\n');
      assert.equal(back(c[1]!), norm(name).replace(/\\n/g, '\n').replace(/\\u([0-9a-f]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
      assert.ok(!/<[a-z!/]/i.test(row), 'no raw HTML tag can start');
    }), { numRuns: 500 });
  });
});
