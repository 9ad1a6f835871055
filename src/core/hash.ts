import { createHash } from 'node:crypto';

/** sha256 hex of one or more buffers, in order; the identity of what a plan was made from. */
export function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}
