/**
 * W3C extended log files as IIS FTP writes them: `#Fields:` decides the
 * columns and may change within a file (IIS writes a new header after a
 * restart or a logging change); `-` means empty. Pure: text in, records out.
 */

/** One log line, its fields by W3C name (e.g. `cs-method`, `x-session`). */
export interface W3cRecord {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  fields: Record<string, string | undefined>;
}

export interface W3cParseResult {
  records: W3cRecord[];
  /** Lines that could not be read (no #Fields header yet, or a field count mismatch). */
  skipped: Array<{ line: number; reason: string }>;
}

export function parseW3cLog(text: string, file: string): W3cParseResult {
  const records: W3cRecord[] = [];
  const skipped: W3cParseResult['skipped'] = [];
  let columns: string[] | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^#Fields:\s*(.*)$/i.exec(raw);
      if (m) columns = m[1]!.trim().split(/\s+/).map((c) => c.toLowerCase());
      return;
    }
    if (!columns) {
      skipped.push({ line, reason: 'no #Fields: header before this line' });
      return;
    }
    const values = raw.trim().split(/\s+/);
    if (values.length !== columns.length) {
      skipped.push({ line, reason: `${values.length} values for ${columns.length} fields` });
      return;
    }
    const fields: W3cRecord['fields'] = {};
    columns.forEach((c, k) => {
      const v = values[k]!;
      fields[c] = v === '-' ? undefined : v;
    });
    records.push({ file, line, fields });
  });
  return { records, skipped };
}
