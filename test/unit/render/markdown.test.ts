import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../../src/render/index.js';
import { mdText } from '../../../src/render/markdown.js';
import { REPORTS, HOSTILE_NAMES } from './sample-plans.js';

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

  test('apply outcome section', () => {
    const out = md('apply-applied');
    assert.match(out, /#### Apply outcome/);
    assert.match(out, /- \*\*Backup:\*\* ftps\\-enforcer|- \*\*Backup:\*\* ftps-enforcer-20261125T030001Z/);
    assert.match(out, /- \*\*ftpsvc:\*\* restarted \(running again at 2026-11-25T03:00:09\.100Z\); policy on-change/);
    assert.match(out, /- \*\*Verification:\*\* the configuration re-read from disk matches the desired state/);
    assert.match(md('apply-failed'), /- \*\*Rollback:\*\* succeeded: the configuration was restored/);
  });
});
