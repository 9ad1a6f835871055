/** "Did you mean": the allowed word closest to a typo, if it is close enough to be the intended one. */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `typed`, compared case-insensitively (so
 * `externalIPv4Address` finds `externalIp4Address`), or undefined when none is
 * within a third of the word's length (at least 2 edits) and none is a prefix of it.
 */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: { word: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(t, c.toLowerCase());
    if (!best || d < best.d) best = { word: c, d };
  }
  if (!best) return undefined;
  // A known key with something added (restartPolicy, sslSettings) is the likely intent too.
  const stem = candidates.find((c) => c.length >= 3 && t.startsWith(c.toLowerCase()));
  if (best.d > Math.max(2, Math.floor(typed.length / 3)) && stem) return stem;
  const allowed = Math.max(2, Math.floor(typed.length / 3));
  return best.d <= allowed ? best.word : undefined;
}
