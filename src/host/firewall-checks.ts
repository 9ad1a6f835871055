/**
 * Windows Firewall evaluation: does an enabled inbound allow rule let TCP 990
 * and the WHOLE passive range in, in every profile that matters, with no
 * enabled block rule taking any of them back (in Windows Firewall a block rule
 * wins over an allow rule)? Rules scoped to another program or service do not
 * count; rules scoped to ftpsvc (or any service, or svchost.exe) do.
 * The profiles that matter are those of the connected networks when known,
 * else all three; a profile whose firewall is off, or whose default inbound
 * action is Allow, needs no rule.
 */
import type { Check, HostAction } from '../core/plan.js';
import type { DynamicPortRangeFact, FirewallFacts, FirewallRuleFact } from './host-facts.js';
import { ALL_PORTS, formatPorts, intersect, isEmpty, parseLocalPort, subtract, toLocalPortValues, union, type PortRange, type PortSet } from './port-ranges.js';
import { hostCheck } from './host-check.js';

export const OWN_RULE_NAME = 'ftps-enforcer-ftps-inbound';
export const OWN_RULE_DISPLAY_NAME = 'ftps-enforcer: FTPS 990 + passive range';
export const OWN_RULE_GROUP = 'ftps-enforcer';
export const IMPLICIT_FTPS_PORT = 990;
/** Windows' default dynamic port range since Server 2008 (KB929851); admins change it with netsh, so the host checks read it. */
export const WINDOWS_DYNAMIC_PORTS = { from: 49152, to: 65535 } as const;

const PROFILES = ['Domain', 'Private', 'Public'] as const;
type ProfileName = (typeof PROFILES)[number];
const CATEGORY_TO_PROFILE: Record<string, ProfileName> = { domainauthenticated: 'Domain', private: 'Private', public: 'Public' };

/** TCP 990 plus the passive range (0-0 = the host's dynamic range, read by the host checks; Windows' default when unknown). */
export function requiredPorts(low: number, high: number, dynamic: PortRange = WINDOWS_DYNAMIC_PORTS): PortSet {
  const passive = low === 0 && high === 0 ? { ...dynamic } : { from: low, to: high };
  return union([{ from: IMPLICIT_FTPS_PORT, to: IMPLICIT_FTPS_PORT }], [passive]);
}

/** The host's dynamic range as ports, or undefined when the host could not say. */
export function dynamicRange(fact: DynamicPortRangeFact | null | undefined): PortRange | undefined {
  return fact ? { from: fact.startPort, to: fact.startPort + fact.numberOfPorts - 1 } : undefined;
}

/**
 * The passive range against the host's dynamic range: 0-0 is explained with the real range; a fixed range
 * inside it (and not excluded) can lose ports to outgoing connections, a warning with the netsh fix.
 */
export function checkDynamicPorts(low: number, high: number, fact: DynamicPortRangeFact | null): Check {
  const dyn = dynamicRange(fact);
  const base = { hostCheck: 'DYNAMIC_PORT_RANGE', setting: 'dynamicPortRange', desired: null } as const;
  if (!fact || !dyn) {
    return hostCheck({ ...base, status: 'ok', current: null, message: `This host's dynamic port range could not be read; Windows' dynamic port range is 49152–65535 unless changed with netsh (netsh int ipv4 show dynamicport tcp).` });
  }
  const current = `${dyn.from}-${dyn.to}`;
  if (low === 0 && high === 0) {
    return hostCheck({ ...base, status: 'ok', current, message: `The passive range is 0-0, so IIS uses this host's dynamic port range ${dyn.from}–${dyn.to} (${fact.numberOfPorts} ports, from ${fact.source}): the load balancer and the firewall must forward all of it.` });
  }
  const exposed = subtract(intersect([{ from: low, to: high }], [dyn]), fact.excluded);
  if (isEmpty(exposed)) {
    return hostCheck({ ...base, status: 'ok', current, message: `The passive range ${low}–${high} is ${isEmpty(intersect([{ from: low, to: high }], [dyn])) ? 'outside' : 'excluded from'} this host's dynamic port range ${dyn.from}–${dyn.to}.` });
  }
  return hostCheck({ ...base, status: 'warning', current, message: `The passive range ${low}–${high} lies inside this host's dynamic port range ${dyn.from}–${dyn.to} (ports ${formatPorts(exposed)} are not excluded): Windows may give them to outgoing connections, and IIS then cannot open data connections on them.`,
    fix: `reserve the range with: netsh int ipv4 add excludedportrange protocol=tcp startport=${low} numberofports=${high - low + 1}` });
}

export function ruleAppliesToProfile(rule: FirewallRuleFact, profile: ProfileName): boolean {
  const p = rule.profile.split(/[,\s]+/).map((s) => s.toLowerCase());
  return p.includes('any') || p.includes(profile.toLowerCase()) || rule.profile.trim() === '' || rule.profile === '0';
}

/** Traffic to ftpsvc (a service in its own svchost.exe) is matched by this rule's program and service filters. */
export function ruleAppliesToFtpsvc(rule: FirewallRuleFact): boolean {
  const program = rule.program.trim().toLowerCase();
  const service = rule.service.trim().toLowerCase();
  const programOk = program === '' || program === 'any' || /(^|\\)svchost\.exe$/.test(program);
  const serviceOk = service === '' || service === 'any' || service === '*' || service === 'ftpsvc';
  return programOk && serviceOk;
}

function isTcp(rule: FirewallRuleFact): boolean {
  return ['tcp', '6', 'any'].includes(rule.protocol.trim().toLowerCase());
}

function isEnabled(rule: FirewallRuleFact): boolean {
  return rule.enabled.toLowerCase() === 'true';
}

function remoteRestricted(rule: FirewallRuleFact): boolean {
  return rule.remoteAddress.length > 0 && !rule.remoteAddress.some((a) => a.toLowerCase() === 'any');
}

export interface ProfileCoverage {
  profile: ProfileName;
  /** The firewall filters this profile's inbound traffic (on, default inbound not Allow). */
  filtering: boolean;
  missing: PortSet;
  blocked: PortSet;
  allowRules: string[];
  blockRules: string[];
}

export function relevantProfiles(facts: FirewallFacts): ProfileName[] {
  const active = (facts.activeNetworkCategories ?? []).map((c) => CATEGORY_TO_PROFILE[c.toLowerCase()]).filter((p): p is ProfileName => Boolean(p));
  return active.length > 0 ? [...new Set(active)] : [...PROFILES];
}

export function coverage(facts: FirewallFacts, required: PortSet): ProfileCoverage[] {
  return relevantProfiles(facts).map((profile) => {
    const pf = facts.profiles.find((p) => p.name.toLowerCase() === profile.toLowerCase());
    // A profile the host did not report is assumed on with the default block-inbound (Windows' default).
    const on = !pf || pf.enabled.toLowerCase() !== 'false';
    const defaultAllow = pf?.defaultInboundAction.toLowerCase() === 'allow';
    const relevant = on ? facts.rules.filter((r) => isEnabled(r) && isTcp(r) && ruleAppliesToFtpsvc(r) && ruleAppliesToProfile(r, profile)) : [];
    const ports = (r: FirewallRuleFact) => intersect(parseLocalPort(r.localPort).ports, required);
    const allows = relevant.filter((r) => r.action.toLowerCase() === 'allow' && !isEmpty(ports(r)));
    const blocks = relevant.filter((r) => r.action.toLowerCase() === 'block' && !isEmpty(ports(r)));
    const blocked = union(...blocks.map(ports));
    // Block wins over allow: what an allow rule (or the default) lets in, minus what any block rule takes back.
    const allowed = subtract(!on || defaultAllow ? ALL_PORTS : union(...allows.map(ports)), blocked);
    const filtering = on && !defaultAllow;
    return { profile, filtering, missing: subtract(required, allowed), blocked, allowRules: allows.map((r) => r.displayName || r.name), blockRules: blocks.map((r) => r.displayName || r.name) };
  });
}

export interface FirewallPlan {
  checks: Check[];
  action?: HostAction;
}

export function checkFirewall(facts: FirewallFacts, required: PortSet, ensureInboundRule: boolean): FirewallPlan {
  const cov = coverage(facts, required);
  const checks: Check[] = [];
  const want = formatPorts(required);
  const blocked = cov.filter((c) => !isEmpty(c.blocked));
  if (blocked.length > 0) {
    const rules = [...new Set(blocked.flatMap((c) => c.blockRules))];
    checks.push(hostCheck({ hostCheck: 'FIREWALL_BLOCKED', status: 'error', setting: 'windowsFirewall', current: `blocked: ${formatPorts(union(...blocked.map((c) => c.blocked)))}`, desired: `allowed: ${want}`,
      message: `Inbound block rule(s) ${rules.map((r) => `"${r}"`).join(', ')} cover ports FTPS needs (${formatPorts(union(...blocked.map((c) => c.blocked)))}); a block rule wins over any allow rule.`,
      fix: 'narrow or disable those block rules (this tool never edits a rule it did not create).' }));
  }
  const missing = cov.filter((c) => !isEmpty(c.missing));
  const stateful = statefulFtpCheck(facts.enableStatefulFtp, missing.length > 0);
  if (missing.length === 0) {
    const rules = [...new Set(cov.flatMap((c) => c.allowRules))];
    const restricted = facts.rules.filter((r) => rules.includes(r.displayName || r.name) && remoteRestricted(r)).map((r) => `"${r.displayName || r.name}" only from ${r.remoteAddress.join(', ')}`);
    const off = cov.filter((c) => !c.filtering).map((c) => c.profile);
    const how = [rules.length ? `rule(s) ${rules.map((r) => `"${r}"`).join(', ')}` : '', off.length ? `no filtering in profile(s) ${off.join(', ')}` : ''].filter(Boolean).join('; ');
    checks.push(hostCheck({ hostCheck: 'FIREWALL_INBOUND', status: 'ok', setting: 'windowsFirewall', current: `allowed: ${want}`, desired: `allowed: ${want}`,
      message: `Windows Firewall lets TCP ${want} in (${how})${restricted.length ? `; note: ${restricted.join('; ')}` : ''}.` }));
    return { checks: [...checks, stateful] };
  }
  const gaps = missing.map((c) => `${c.profile}: ${formatPorts(c.missing)}`).join('; ');
  const disabledHelpers = facts.rules.filter((r) => !isEnabled(r) && r.action.toLowerCase() === 'allow' && isTcp(r) && ruleAppliesToFtpsvc(r) && !isEmpty(intersect(parseLocalPort(r.localPort).ports, required)));
  const note = disabledHelpers.length ? ` Disabled rule(s) that would help: ${disabledHelpers.map((r) => `"${r.displayName || r.name}"`).join(', ')}.` : '';
  const own = facts.rules.find((r) => r.name === OWN_RULE_NAME);
  const fixable = ensureInboundRule && blocked.length === 0;
  const action: HostAction | undefined = fixable ? {
    kind: 'ensure-firewall-rule', id: 'host:firewall-rule', ruleName: OWN_RULE_NAME, displayName: OWN_RULE_DISPLAY_NAME, group: OWN_RULE_GROUP,
    description: `Created by iis-ftps-enforcer: lets FTPS clients reach ftpsvc on TCP ${want} (implicit FTPS control port and IIS passive data range).`,
    localPorts: toLocalPortValues(required), mode: own ? 'update' : 'create',
  } : undefined;
  checks.push(hostCheck({ hostCheck: 'FIREWALL_INBOUND', status: ensureInboundRule ? 'drift' : 'error', setting: 'windowsFirewall', current: `missing: ${gaps}`, desired: `allowed: ${want}`,
    message: `Windows Firewall does not let all of TCP ${want} in (${gaps}); clients then hang at login or at "Making data connection".${note}`,
    fix: fixable ? `apply ${own ? 'updates' : 'creates'} the inbound rule "${OWN_RULE_DISPLAY_NAME}".`
      : ensureInboundRule ? 'remove the blocking rules first; apply will then create its own inbound rule.'
      : `add "windowsFirewall": { "ensureInboundRule": true } to the desired state so apply creates rule "${OWN_RULE_DISPLAY_NAME}", or create an inbound allow rule for TCP ${want} yourself.`,
    fixable, changeIds: action ? [action.id] : [] }));
  return { checks: [...checks, stateful], ...(action ? { action } : {}) };
}

/** Stateful FTP reads PORT/PASV on the control channel; with FTPS it is encrypted, so the filter opens nothing. */
function statefulFtpCheck(value: string | null, coverageMissing: boolean): Check {
  const on = value === null ? null : value.toLowerCase() !== 'false'; // NotConfigured = the default, which is on
  const text = on === null ? 'unknown' : on ? 'on' : 'off';
  return hostCheck({ hostCheck: 'FIREWALL_STATEFUL_FTP', status: on && coverageMissing ? 'warning' : 'ok', setting: 'EnableStatefulFtp', current: text, desired: null,
    message: on
      ? 'The stateful FTP filter is on, but it cannot read encrypted FTPS control channels, so it never opens the passive ports: only explicit allow rules do.'
      : `The stateful FTP filter is ${text}; FTPS relies on explicit allow rules for 990 and the passive range either way.`,
    fix: 'do not rely on stateful FTP for FTPS; make sure an explicit inbound rule covers 990 and the passive range.' });
}
