import type { LbTopology } from './lb-topology.js';
import { renderHaproxy } from './haproxy.js';
import { renderNginx } from './nginx.js';

export type LbFormat = 'haproxy' | 'nginx';
export const LB_FORMATS: readonly LbFormat[] = ['haproxy', 'nginx'];

export function renderLbConfig(t: LbTopology, format: LbFormat): string {
  return format === 'haproxy' ? renderHaproxy(t) : renderNginx(t);
}
