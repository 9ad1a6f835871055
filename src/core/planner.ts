/**
 * The pure planner: (configuration facts, desired state) → Plan. No I/O, no
 * clock (the time comes in), deterministic order: server, siteDefaults, then
 * sites in file order. Each rule adds checks and the changes that fix them.
 *
 * Scope of a fix: a wrong or missing default is fixed at siteDefaults (what
 * IIS Manager's server-level page writes), so new sites inherit it. A site
 * whose own value disagrees is fixed by setting the site's value, not by
 * clearing it: a site-level value is often deliberate (a site behind another
 * VIP), Set-WebConfigurationProperty is the one write cmdlet we need, and
 * the result is verifiable by reading back exactly what was written.
 */
import type { IisFtpState, FtpSiteFacts } from './iis-state.js';
import type { LoadedDesiredState, RestartPolicy } from './desired-state.js';
import { APPHOST_PSPATH, PLAN_FORMAT_VERSION, type Change, type Check, type Plan } from './plan.js';
import { effectiveExternalAddress, effectivePortRange, effectiveSsl, siteDefaultsSsl, type Effective, type SslSettingName } from './effective.js';
import { SITE_DEFAULTS, siteSelector } from './site-filter.js';
import * as say from './messages.js';
import { desiredSiteOf, siteNamed } from './site-names.js';
import { closestMatch } from '../desired/suggest.js';

export type PlanMode = 'audit' | 'apply';

export interface PlanOptions {
  /** audit: a desired site missing from the configuration is a warning; apply: an error. */
  mode: PlanMode;
  restart: RestartPolicy;
  now: Date;
  toolVersion: string;
}

const FIREWALL_SERVER = 'system.ftpServer/firewallSupport';
const FIREWALL = 'ftpServer/firewallSupport';
const SSL = 'ftpServer/security/ssl';
/** The SSL attributes the desired state can set (serverCertStoreName is reported, never enforced). */
type PlannedSslSetting = Exclude<SslSettingName, 'serverCertStoreName'>;
const SSL_SETTINGS: readonly PlannedSslSetting[] = ['controlChannelPolicy', 'dataChannelPolicy', 'serverCertHash'];

/** Accumulates checks and de-duplicated changes (several site checks can share one siteDefaults fix). */
class PlanBuilder {
  readonly checks: Check[] = [];
  readonly changes = new Map<string, Change>();

  change(c: Omit<Change, 'pspath'>): string {
    if (!this.changes.has(c.id)) this.changes.set(c.id, { ...c, pspath: APPHOST_PSPATH });
    return c.id;
  }

  check(c: Omit<Check, 'changeIds'> & { changeIds?: string[] }): void {
    c.changeIds ??= [];
    this.checks.push(c as Check);
  }
}

export function planChanges(state: IisFtpState, loaded: LoadedDesiredState, opts: PlanOptions): Plan {
  const b = new PlanBuilder();
  const ctx: RuleContext = { state, desired: loaded.desired, mode: opts.mode, b };
  desiredStateWarnings(b, loaded);
  checkMisplacedAttributes(ctx);
  checkPortRange(ctx);
  const defaultAddressFix = checkDefaultAddress(ctx);
  const defaultSslFixes = checkDefaultSsl(ctx);
  checkDesiredSitesExist(ctx);
  if (state.ftpSites.length === 0) {
    b.check({ code: 'NO_FTP_SITES', status: 'warning', site: null, setting: 'bindings', scope: 'site', current: null, desired: null, fixable: false, message: say.noFtpSites() });
  }
  for (const site of state.ftpSites) {
    checkSiteAddress(ctx, site, defaultAddressFix);
    checkSiteSsl(ctx, site, defaultSslFixes);
    checkImplicitBinding(ctx, site);
  }
  const compliant = !b.checks.some((c) => c.status === 'drift' || c.status === 'error');
  const { origin } = state;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'iis-ftps-enforcer', version: opts.toolVersion },
    createdAt: opts.now.toISOString(),
    config: {
      requestedFile: origin.requestedFile,
      configFile: origin.configFile,
      ...(origin.redirection ? { redirection: origin.redirection } : {}),
      filesRead: origin.filesRead,
      contentHash: origin.contentHash,
    },
    desired: { file: loaded.file, contentHash: loaded.contentHash },
    restart: opts.restart,
    checks: b.checks,
    changes: [...b.changes.values()],
    compliant,
  };
}

interface RuleContext {
  state: IisFtpState;
  desired: LoadedDesiredState['desired'];
  mode: PlanMode;
  b: PlanBuilder;
}

function checkMisplacedAttributes({ state, b }: RuleContext): void {
  for (const m of state.misplaced) {
    b.check({ code: 'MISPLACED_ATTRIBUTE', status: 'error', site: null, setting: m.attribute, scope: 'server', current: m.value, desired: null, fixable: false, message: say.misplaced(m), at: m.at });
  }
}

function checkPortRange({ state, desired, b }: RuleContext): void {
  const current = effectivePortRange(state);
  const ends = [
    ['lowDataChannelPort', current.low, desired.lowDataChannelPort, state.firewallSupport.lowDataChannelPort?.at],
    ['highDataChannelPort', current.high, desired.highDataChannelPort, state.firewallSupport.highDataChannelPort?.at],
  ] as const;
  for (const [name, now, want, at] of ends) {
    const drift = now !== want;
    const changeIds = drift ? [b.change({ id: `server/${name}`, filter: FIREWALL_SERVER, name, value: want, current: now, site: null, scope: 'server', requiresRestart: true })] : [];
    b.check({
      code: 'PORT_RANGE', status: drift ? 'drift' : 'ok', site: null, setting: name, scope: 'server', current: now, desired: want, fixable: true,
      message: drift ? say.portRangeDrift(current, desired) : say.portRangeOk(desired), changeIds, ...(at ? { at } : {}),
    });
  }
}

/**
 * One setting at siteDefaults: a check, and the change when it differs.
 * Returns the change id so sites that inherit the value can point at it.
 */
function checkDefaultSetting(b: PlanBuilder, s: {
  code: 'EXTERNAL_ADDRESS_DEFAULT' | 'SSL_POLICY'; setting: string; element: string; eff: Effective<string | null>;
  want: string; same: boolean; requiresRestart: boolean; okMessage: () => string; driftMessage: () => string;
}): string | undefined {
  const { eff } = s;
  const changeId = s.same ? undefined : b.change({ id: `siteDefaults/${s.setting}`, filter: `${SITE_DEFAULTS}/${s.element}`, name: s.setting, value: s.want, current: eff.value, site: null, scope: 'siteDefaults', requiresRestart: s.requiresRestart });
  b.check({
    code: s.code, status: s.same ? 'ok' : 'drift', site: null, setting: s.setting, scope: 'siteDefaults', current: eff.value, desired: s.want,
    inheritedFrom: eff.from, fixable: true, message: s.same ? s.okMessage() : s.driftMessage(), changeIds: changeId ? [changeId] : [], ...(eff.at ? { at: eff.at } : {}),
  });
  return changeId;
}

/**
 * One setting of one site, with IIS inheritance: a site that inherits a wrong
 * default is fixed by the siteDefaults change; a site whose own value is wrong,
 * or that the desired state names, is fixed at the site.
 */
function checkSiteSetting(b: PlanBuilder, site: FtpSiteFacts, s: {
  code: 'EXTERNAL_ADDRESS_SITE' | 'SSL_POLICY'; setting: string; element: string; eff: Effective<string | null>;
  want: string; wantOwn: string | undefined; same: boolean; defaultFix: string | undefined; requiresRestart: boolean;
  okMessage: () => string; driftMessage: () => string;
}): void {
  const { eff } = s;
  // One literal shape for every site check: this runs once per site and setting (tens of thousands on hosting farms).
  const add = (status: Check['status'], scope: Check['scope'], fixable: boolean, message: string, changeIds: string[]) =>
    b.check({ code: s.code, status, site: site.name, setting: s.setting, scope, current: eff.value, desired: s.want, inheritedFrom: eff.from, fixable, message, at: eff.at, changeIds });
  if (s.same) {
    add('ok', eff.from === 'site' ? 'site' : 'siteDefaults', true, s.okMessage(), []);
    return;
  }
  const driftMessage = s.driftMessage();
  if (eff.from !== 'site' && s.wantOwn === undefined) {
    add('drift', 'siteDefaults', s.defaultFix !== undefined, driftMessage, s.defaultFix ? [s.defaultFix] : []);
    return;
  }
  const filter = siteSelector(site.name, site.id);
  if (!filter) {
    add('error', 'site', false, `${driftMessage} ${say.unselectableSite(site.name)}`, []);
    return;
  }
  const id = b.change({ id: `site:${site.name}/${s.setting}`, filter: `${filter}/${s.element}`, name: s.setting, value: s.want, current: eff.value, site: site.name, scope: 'site', requiresRestart: s.requiresRestart });
  add('drift', 'site', true, driftMessage, [id]);
}

function checkDefaultAddress({ state, desired, b }: RuleContext): string | undefined {
  const own = state.siteDefaults.externalIp4Address;
  const eff: Effective<string | null> = own ? { value: own.value, from: 'siteDefaults', at: own.at } : { value: null, from: 'default' };
  const want = desired.externalIp4Address;
  return checkDefaultSetting(b, {
    code: 'EXTERNAL_ADDRESS_DEFAULT', setting: 'externalIp4Address', element: FIREWALL, eff, want, same: eff.value === want, requiresRestart: true,
    okMessage: () => say.defaultAddressOk(want), driftMessage: () => say.defaultAddressDrift(eff.value, want),
  });
}

function checkSiteAddress({ state, desired, b }: RuleContext, site: FtpSiteFacts, defaultFix: string | undefined): void {
  const eff = effectiveExternalAddress(site, state);
  const wantOwn = desiredSiteOf(desired, site.name)?.externalIp4Address;
  const want = wantOwn ?? desired.externalIp4Address;
  checkSiteSetting(b, site, {
    code: 'EXTERNAL_ADDRESS_SITE', setting: 'externalIp4Address', element: FIREWALL, eff, want, wantOwn, same: eff.value === want, defaultFix, requiresRestart: true,
    okMessage: () => say.siteAddressOk(site.name, want, eff.from), driftMessage: () => say.siteAddressDrift(site, eff, want),
  });
}

/** SSL policies at siteDefaults; returns the planned change id per setting. */
function checkDefaultSsl({ state, desired, b }: RuleContext): Partial<Record<PlannedSslSetting, string>> {
  const fixes: Partial<Record<PlannedSslSetting, string>> = {};
  for (const name of SSL_SETTINGS) {
    const want = desired.ssl?.[name];
    if (want === undefined) continue;
    const eff = siteDefaultsSsl(state, name);
    fixes[name] = checkDefaultSetting(b, {
      code: 'SSL_POLICY', setting: name, element: SSL, eff, want, same: sslEqual(name, eff.value, want), requiresRestart: false,
      okMessage: () => say.sslOk(null, name, want), driftMessage: () => say.sslDrift(null, name, eff.value, want),
    });
  }
  return fixes;
}

function checkSiteSsl({ state, desired, b }: RuleContext, site: FtpSiteFacts, defaultFixes: Partial<Record<PlannedSslSetting, string>>): void {
  for (const name of SSL_SETTINGS) {
    const wantOwn = desiredSiteOf(desired, site.name)?.ssl?.[name];
    const want = wantOwn ?? desired.ssl?.[name];
    if (want === undefined) continue;
    const eff = effectiveSsl(site, state, name);
    checkSiteSetting(b, site, {
      code: 'SSL_POLICY', setting: name, element: SSL, eff, want, wantOwn, same: sslEqual(name, eff.value, want), defaultFix: defaultFixes[name], requiresRestart: false,
      okMessage: () => say.sslOk(site.name, name, want), driftMessage: () => say.sslDrift(site.name, name, eff.value, want),
    });
  }
}

/** Thumbprints are hex and case-insensitive (IIS Manager writes upper case, PowerShell often lower). */
function sslEqual(name: PlannedSslSetting, a: string, b: string): boolean {
  return name === 'serverCertHash' ? a.replace(/\s/g, '').toUpperCase() === b.replace(/\s/g, '').toUpperCase() : a === b;
}

/** The desired-state file's own warnings, so every report format shows and counts them (not only stderr). */
function desiredStateWarnings(b: PlanBuilder, loaded: LoadedDesiredState): void {
  for (const w of loaded.warningsAt ?? []) {
    b.check({ code: 'DESIRED_STATE', status: 'warning', site: null, setting: 'desired state', scope: 'server', current: null, desired: null, fixable: false, message: w.message, ...(w.line ? { at: { file: loaded.file, line: w.line } } : {}) });
  }
}

function checkImplicitBinding({ b }: RuleContext, site: FtpSiteFacts): void {
  const implicit = site.ftpBindings.some((x) => x.port === 990);
  const ports = site.ftpBindings.map((x) => x.port).join(', ');
  b.check({ code: 'IMPLICIT_FTPS_BINDING', status: implicit ? 'ok' : 'warning', site: site.name, setting: 'bindings', scope: 'site', current: ports, desired: 990, fixable: false, message: implicit ? say.implicitOk(site.name) : say.noImplicitBinding(site.name, ports), at: site.at });
}

function checkDesiredSitesExist({ state, desired, mode, b }: RuleContext): void {
  if (Object.keys(desired.sites).length === 0) return;
  const ftp = state.ftpSites.map((s) => s.name);
  for (const name of Object.keys(desired.sites)) {
    // IIS matches site names case-insensitively (site-names.ts): "ftps site" names "FTPS Site".
    if (siteNamed(name, ftp) !== undefined) continue;
    if (siteNamed(name, state.allSiteNames) !== undefined) {
      b.check({ code: 'NOT_FTP_SITE', status: 'warning', site: name, setting: 'bindings', scope: 'site', current: null, desired: null, fixable: false, message: say.notFtpSite(name) });
      continue;
    }
    // A name one typo away from a site is a typo: its settings would silently go nowhere, so it is an error
    // in audit too. A name like no site here may be meant for another backend: a warning in audit, as before.
    const near = closestMatch(name, ftp.length > 0 ? ftp : state.allSiteNames);
    const status = near !== undefined || mode === 'apply' ? 'error' : 'warning';
    b.check({ code: 'UNKNOWN_SITE', status, site: name, setting: 'name', scope: 'site', current: null, desired: name, fixable: false, message: say.unknownSite(name, state.origin.configFile, near) });
  }
}
