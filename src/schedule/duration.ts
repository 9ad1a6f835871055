/** Durations as the CLI takes them (`15m`, `1h`, `90s`, `1d`) and as Task Scheduler stores them (ISO 8601, `PT15M`). */
import { UserError } from '../core/errors.js';

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in `15m`, `1h30m`, `45s`, `2d`, or an ISO 8601 duration such as `PT15M`. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, d, h, m, s] = iso;
    return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  }
  const parts = [...t.matchAll(/(\d+)\s*([smhd])/gi)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('').replace(/\s/g, '') !== t.replace(/\s/g, '')) {
    throw new UserError(`${flag} "${text}" is not a duration; write it like 15m, 1h, 90s or 1d (or ISO 8601, PT15M).`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT[p[2]!.toLowerCase()]!, 0);
}

/** ISO 8601 duration as the Task Scheduler schema writes it: PT15M, PT1H30M, P1D, PT0S. */
export function isoDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return 'PT0S';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/** `15 min`, `1 h 30 min`: for people. */
export function humanDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ') || '0 s';
}
