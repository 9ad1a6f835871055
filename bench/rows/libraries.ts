import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import xml2js from 'xml2js';
import sax from 'sax';
import type { InProcessRow } from './row.js';

/** A full DOM-like parse with attributes, as a reader built on fast-xml-parser would do. */
export const fastXmlParserRow: InProcessRow = {
  kind: 'in-process', id: 'fast-xml-parser', label: 'fast-xml-parser full parse',
  run: (file) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(file, 'utf8')),
};

export const xml2jsRow: InProcessRow = {
  kind: 'in-process', id: 'xml2js', label: 'xml2js full parse',
  run: (file) => {
    let out: unknown;
    // xml2js calls back synchronously with async: false (its default).
    xml2js.parseString(readFileSync(file, 'utf8'), { async: false }, (err, result) => {
      if (err) throw err;
      out = result;
    });
    return out;
  },
};

/** The streaming alternative: every event, nothing kept (a lower bound for a SAX-based reader). */
export const saxRow: InProcessRow = {
  kind: 'in-process', id: 'sax', label: 'sax (strict) events only, no tree',
  run: (file) => {
    const p = sax.parser(true);
    let tags = 0;
    p.onopentag = () => void tags++;
    p.write(readFileSync(file, 'utf8')).close();
    return tags;
  },
};
