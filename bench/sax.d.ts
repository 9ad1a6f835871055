// sax ships no types and is only present as xml2js's dependency; the bench uses this much of it.
declare module 'sax' {
  interface SAXParser {
    onopentag: (tag: unknown) => void;
    write(s: string): SAXParser;
    close(): SAXParser;
  }
  const sax: { parser(strict: boolean, opts?: object): SAXParser };
  export default sax;
}
