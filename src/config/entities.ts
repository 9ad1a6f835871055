/**
 * XML entity decoding for attribute values. Site names are reported
 * verbatim, so `Tom &amp; Jerry` must become `Tom & Jerry`. Only the five
 * predefined entities and character references exist (a DOCTYPE, the only
 * way to define more, is refused by the scanner).
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decoded text, or an error description (with the offset inside `raw`) for a malformed reference. */
export type DecodeResult = { ok: true; value: string } | { ok: false; offset: number; problem: string };

export function decodeEntities(raw: string): DecodeResult {
  let amp = raw.indexOf('&');
  if (amp === -1) return { ok: true, value: raw };
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    const body = semi === -1 ? '' : raw.slice(amp + 1, semi);
    const ch = semi === -1 || semi - amp > 12 ? undefined : decodeReference(body);
    if (ch === undefined) {
      const shown = raw.slice(amp, semi === -1 || semi - amp > 12 ? amp + 8 : semi + 1);
      return { ok: false, offset: amp, problem: `"${shown}" is not an XML entity (write a literal & as &amp;)` };
    }
    out += raw.slice(from, amp) + ch;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return { ok: true, value: out + raw.slice(from) };
}

function decodeReference(body: string): string | undefined {
  if (body.startsWith('#x') || body.startsWith('#X')) return fromCodePoint(/^[0-9a-fA-F]+$/.test(body.slice(2)) ? parseInt(body.slice(2), 16) : NaN);
  if (body.startsWith('#')) return fromCodePoint(/^[0-9]+$/.test(body.slice(1)) ? parseInt(body.slice(1), 10) : NaN);
  return Object.hasOwn(NAMED, body) ? NAMED[body] : undefined;
}

/** XML allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF. */
function fromCodePoint(cp: number): string | undefined {
  const allowed = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  return allowed ? String.fromCodePoint(cp) : undefined;
}
