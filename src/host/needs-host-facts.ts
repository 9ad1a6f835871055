import type { DesiredState } from '../core/desired-state.js';

/**
 * Host facts cost a PowerShell process: only with --host or a certificate /
 * windowsFirewall section. Kept free of imports so callers can decide before
 * loading the host-check modules (the public suffix list alone costs ~100 ms).
 */
export function needsHostFacts(desired: DesiredState, hostFlag: boolean | undefined): boolean {
  return Boolean(hostFlag) || desired.certificate !== undefined || desired.windowsFirewall !== undefined;
}
