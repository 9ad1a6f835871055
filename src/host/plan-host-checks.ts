/**
 * Host checks for a plan: from the host facts (one PowerShell call), the IIS
 * state and the desired state, the checks every report shows and the host
 * actions apply may take. Pure: the clock and the restart evidence come in.
 */
import type { Check, HostAction, Plan } from '../core/plan.js';
import type { DesiredState, RestartPolicy } from '../core/desired-state.js';
import type { IisFtpState } from '../core/iis-state.js';
import type { HostFacts, HostFactsRequest } from './host-facts.js';
import { certificateTargets, checkCertificates } from './certificate-checks.js';
import { checkDynamicPorts, checkFirewall, dynamicRange, requiredPorts } from './firewall-checks.js';
import { checkService, type RestartEvidence } from './service-checks.js';
import { checkTls } from './tls-checks.js';
import { hostCheck } from './host-check.js';

/** Host facts are gathered for `audit --host`, or whenever the desired state has a host section. */
export { needsHostFacts } from './needs-host-facts.js';

/** What to ask the host: the certificates the FTP sites name (de-duplicated), and every fact group. */
export function hostFactsRequest(state: IisFtpState, desired: DesiredState): HostFactsRequest {
  const seen = new Map<string, { storeName: string; thumbprint: string }>();
  for (const t of certificateTargets(state, desired)) {
    if (t.thumbprint) seen.set(`${t.storeName.toLowerCase()}\\${t.thumbprint}`, { storeName: t.storeName, thumbprint: t.thumbprint });
  }
  return { certificates: [...seen.values()], firewall: true, service: true, tls: true };
}

export interface HostCheckInput {
  facts: HostFacts;
  state: IisFtpState;
  desired: DesiredState;
  restart: RestartPolicy;
  now: Date;
  evidence: RestartEvidence;
}

export interface HostCheckResult {
  checks: Check[];
  actions: HostAction[];
}

export function planHostChecks(input: HostCheckInput): HostCheckResult {
  const { facts, state, desired } = input;
  const checks: Check[] = facts.errors.map((e) => hostCheck({ hostCheck: 'FACTS_UNAVAILABLE', status: 'error', setting: e.fact, current: null, desired: null,
    message: `The host fact "${e.fact}" could not be read: ${e.message.replace(/\s+/g, ' ').trim()}`,
    fix: 'run from an elevated 64-bit PowerShell host with the NetSecurity and CimCmdlets modules (Windows Server 2012 or later).' }));
  const actions: HostAction[] = [];
  checks.push(...checkCertificates(certificateTargets(state, desired), facts.certificates, desired.certificate, input.now));
  if (facts.firewall) {
    const dynamic = dynamicRange(facts.firewall.dynamicPortRange);
    const fw = checkFirewall(facts.firewall, requiredPorts(desired.lowDataChannelPort, desired.highDataChannelPort, dynamic), desired.windowsFirewall?.ensureInboundRule === true);
    checks.push(...fw.checks, checkDynamicPorts(desired.lowDataChannelPort, desired.highDataChannelPort, facts.firewall.dynamicPortRange ?? null));
    if (fw.action) actions.push(fw.action);
  }
  if (facts.service) {
    const svc = checkService(facts.service, input.evidence, input.restart);
    checks.push(...svc.checks);
    if (svc.action) actions.push(svc.action);
  }
  if (facts.tls) checks.push(...checkTls(facts.tls, facts.os));
  return { checks, actions };
}

/** The plan with the host checks added: compliance recomputed, host actions recorded. */
export function withHostChecks(plan: Plan, result: HostCheckResult): Plan {
  const checks = [...plan.checks, ...result.checks];
  return { ...plan, checks, hostActions: result.actions, compliant: !checks.some((c) => c.status === 'drift' || c.status === 'error') };
}
