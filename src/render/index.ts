/** One entry point for every report format; each format lives in its own module. */
import type { Report, ReportFormat } from '../core/report.js';
import { renderText } from './text.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderJunit } from './junit.js';

export function renderReport(report: Report, format: ReportFormat, opts: { color: boolean }): string {
  switch (format) {
    case 'text': return renderText(report, opts);
    case 'json': return renderJson(report);
    case 'markdown': return renderMarkdown(report);
    case 'junit': return renderJunit(report);
    default: {
      const never: never = format;
      throw new Error(`unknown report format ${String(never)}`);
    }
  }
}

export { renderPowerShellScript } from './powershell-script.js';
