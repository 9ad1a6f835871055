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
import type { DesiredSite, LoadedDesiredState, RestartPolicy } from './desired-state.js';
import { APPHOST_PSPATH, PLAN_FORMAT_VERSION, type Change, type Check, type Plan } from './plan.js';
import { effectiveExternalAddress, effectivePortRange, effectiveSsl, siteDefaultsSsl, type Effective, type SslSettingName } from './effective.js';
import { SITE_DEFAULTS, canSelectSite } from './site-filter.js';
import { SiteChange, type SiteWrite } from './site-change.js';
import * as say from './messages.js';
import { NO_CHANGES, SiteCheck } from './site-check.js';
import { attachChecks, CheckList, type OkRef } from './check-list.js';
import { siteKey, siteNamed } from './site-names.js';
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

/**
 * Accumulates checks and changes. A server or siteDefaults change is planned once and shared by every
 * check it fixes (each site inheriting a wrong default points at it); a site change is de-duplicated by
 * site name. Checks go to a CheckList, where an ok per-site check is only a reference until
 * `plan.checks` is read (check-list.ts).
 */
class PlanBuilder {
  readonly checks: CheckList;
  /** Every change, in the order planned. */
  readonly changes: Change[] = [];
  /**
   * Site changes by attribute, then by site name (not by id, which would make the id string for every
   * drifting site): two sites of one name, which IIS itself refuses to load, still get one write.
   */
  readonly #bySite = new Map<SiteWrite, Map<string, SiteChange>>();

  constructor(buildOk: (ref: OkRef) => Check) {
    this.checks = new CheckList(buildOk);
  }

  /** A server or siteDefaults change (each is planned once, by the one rule for its setting); returns its id. */
  change(c: Omit<Change, 'pspath'>): string {
    // Keys in the order saved plans have always had (pspath last).
    this.changes.push({ id: c.id, filter: c.filter, name: c.name, value: c.value, current: c.current, site: c.site, scope: c.scope, requiresRestart: c.requiresRestart, pspath: APPHOST_PSPATH });
    return c.id;
  }

  /** The write of `write` at `site` (a selectable site: canSelectSite). */
  siteChange(site: FtpSiteFacts, write: SiteWrite, value: string, current: string | null): SiteChange {
    let sites = this.#bySite.get(write);
    if (sites === undefined) this.#bySite.set(write, (sites = new Map()));
    let change = sites.get(site.name);
    if (change === undefined) {
      change = new SiteChange(site, write, value, current);
      sites.set(site.name, change);
      this.changes.push(change);
    }
    return change;
  }

  check(c: Omit<Check, 'changeIds'> & { changeIds?: string[] }): void {
    c.changeIds ??= NO_CHANGES;
    this.checks.add(c as Check);
  }

  /** A check made whole by its rule, e.g. a SiteCheck (worded only when read). */
  add(c: Check): void {
    this.checks.add(c);
  }

  /** An ok per-site check, built only if someone reads it: `site` is its index in state.ftpSites. */
  ok(site: number, kind: SiteCheckKind): void {
    this.checks.addOk(site * SITE_CHECK_KINDS + kind);
  }
}

export function planChanges(state: IisFtpState, loaded: LoadedDesiredState, opts: PlanOptions): Plan {
  const b = new PlanBuilder((ref) => okSiteCheck(ctx, ref));
  const ctx: RuleContext = { state, desired: loaded.desired, mode: opts.mode, b, address: undefined!, ssl: [], siteOverrides: new Map(Object.entries(loaded.desired.sites).map(([name, site]) => [siteKey(name), site])) };
  desiredStateWarnings(b, loaded);
  checkMisplacedAttributes(ctx);
  checkPortRange(ctx);
  const defaultAddressFix = checkDefaultAddress(ctx);
  const defaultSslFixes = checkDefaultSsl(ctx);
  checkDesiredSitesExist(ctx);
  if (state.ftpSites.length === 0) {
    b.check({ code: 'NO_FTP_SITES', status: 'warning', site: null, setting: 'bindings', scope: 'site', current: null, desired: null, fixable: false, message: say.noFtpSites() });
  }
  ctx.address = { kind: ADDRESS, code: 'EXTERNAL_ADDRESS_SITE', setting: 'externalIp4Address', element: FIREWALL, requiresRestart: true, defaultFix: fixedBy(defaultAddressFix) };
  ctx.ssl = SSL_SETTINGS.map((name, i): SiteSetting => ({ kind: SSL_KINDS[i]!, code: 'SSL_POLICY', setting: name, element: SSL, requiresRestart: true, defaultFix: fixedBy(defaultSslFixes[name]) }));
  const { ftpSites } = state;
  for (let i = 0; i < ftpSites.length; i++) {
    const site = ftpSites[i]!;
    checkSiteAddress(ctx, site, i);
    checkSiteSsl(ctx, site, i);
    checkImplicitBinding(ctx, site, i);
  }
  const compliant = b.checks.compliant();
  const { origin } = state;
  return attachChecks({
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
    checks: [], // replaced by attachChecks, in this key position
    changes: b.changes,
    compliant,
  }, b.checks);
}

interface RuleContext {
  state: IisFtpState;
  desired: LoadedDesiredState['desired'];
  mode: PlanMode;
  b: PlanBuilder;
  /** The per-site settings, made once the siteDefaults fixes are known. */
  address: SiteSetting;
  ssl: SiteSetting[];
  /**
   * desired.sites as a Map: `desired.sites[name]` would intern every site
   * name of the farm into V8's string table, the planner's largest cost at
   * 50,000 sites. Own keys only, as before (an inherited property has no settings).
   */
  siteOverrides: Map<string, DesiredSite>;
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
    inheritedFrom: eff.from, fixable: true, message: s.same ? s.okMessage() : s.driftMessage(), changeIds: fixedBy(changeId), ...(eff.at ? { at: eff.at } : {}),
  });
  return changeId;
}

/** The per-site checks, numbered for the ok references of check-list.ts. */
const ADDRESS = 0;
const SSL_KINDS = [1, 2, 3] as const; // SSL_SETTINGS, in order
const BINDING = 4;
type SiteCheckKind = typeof ADDRESS | (typeof SSL_KINDS)[number] | typeof BINDING;
const SITE_CHECK_KINDS = 5;

/**
 * One setting as every site checks it, made once per plan: the per-site work
 * below allocates no check when the site is ok, and one when it drifts.
 */
interface SiteSetting extends SiteWrite {
  kind: SiteCheckKind;
  code: 'EXTERNAL_ADDRESS_SITE' | 'SSL_POLICY';
  /** The siteDefaults change that fixes sites inheriting a wrong value, as the checks' changeIds. */
  defaultFix: string[];
}

/** What one setting of one site is and should be. */
interface SettingInput {
  eff: Effective<string | null>;
  want: string;
  /** The value the desired state names for this very site, if any. */
  wantOwn: string | undefined;
  same: boolean;
}

/** The changeIds of a check fixed by `changeId`, or the shared empty list. */
const fixedBy = (changeId: string | undefined): string[] => (changeId === undefined ? NO_CHANGES : (Object.freeze([changeId]) as unknown as string[]));

/**
 * One setting of one site, with IIS inheritance: a site that inherits a wrong
 * default is fixed by the siteDefaults change; a site whose own value is wrong,
 * or that the desired state names, is fixed at the site.
 */
function checkSiteSetting(b: PlanBuilder, site: FtpSiteFacts, index: number, s: SiteSetting, { eff, want, wantOwn, same }: SettingInput): void {
  if (same) {
    b.ok(index, s.kind);
    return;
  }
  if (eff.from !== 'site' && wantOwn === undefined) {
    b.add(new SiteCheck(s.code, 'drift', site.name, s.setting, 'siteDefaults', eff.value, want, eff.from, s.defaultFix.length > 0, eff.at, s.defaultFix, site));
    return;
  }
  if (!canSelectSite(site.name, site.id)) {
    // SiteCheck words an error as the drift plus why no filter can select the site.
    b.add(new SiteCheck(s.code, 'error', site.name, s.setting, 'site', eff.value, want, eff.from, false, eff.at, NO_CHANGES, site));
    return;
  }
  const change = b.siteChange(site, s, want, eff.value);
  b.add(new SiteCheck(s.code, 'drift', site.name, s.setting, 'site', eff.value, want, eff.from, true, eff.at, change, site));
}

/** The ok check `b.ok` stood for, built from the same inputs the rule judged. */
function okSiteCheck(ctx: RuleContext, ref: OkRef): Check {
  const site = ctx.state.ftpSites[Math.floor(ref / SITE_CHECK_KINDS)]!;
  const kind = ref % SITE_CHECK_KINDS;
  if (kind === BINDING) return new SiteCheck('IMPLICIT_FTPS_BINDING', 'ok', site.name, 'bindings', 'site', bindingPorts(site), 990, undefined, false, site.at, NO_CHANGES, site);
  const s = kind === ADDRESS ? ctx.address : ctx.ssl[kind - SSL_KINDS[0]]!;
  const { eff, want } = (kind === ADDRESS ? siteAddressInput(ctx, site) : siteSslInput(ctx, site, SSL_SETTINGS[kind - SSL_KINDS[0]]!))!;
  return new SiteCheck(s.code, 'ok', site.name, s.setting, eff.from === 'site' ? 'site' : 'siteDefaults', eff.value, want, eff.from, true, eff.at, NO_CHANGES, site);
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

function siteAddressInput({ state, desired, siteOverrides }: RuleContext, site: FtpSiteFacts): SettingInput {
  const eff = effectiveExternalAddress(site, state);
  const wantOwn = siteOverrides.size === 0 ? undefined : siteOverrides.get(siteKey(site.name))?.externalIp4Address;
  const want = wantOwn ?? desired.externalIp4Address;
  return { eff, want, wantOwn, same: eff.value === want };
}

function checkSiteAddress(ctx: RuleContext, site: FtpSiteFacts, index: number): void {
  checkSiteSetting(ctx.b, site, index, ctx.address, siteAddressInput(ctx, site));
}

/** SSL policies at siteDefaults; returns the planned change id per setting. */
function checkDefaultSsl({ state, desired, b }: RuleContext): Partial<Record<PlannedSslSetting, string>> {
  const fixes: Partial<Record<PlannedSslSetting, string>> = {};
  for (const name of SSL_SETTINGS) {
    const want = desired.ssl?.[name];
    if (want === undefined) continue;
    const eff = siteDefaultsSsl(state, name);
    fixes[name] = checkDefaultSetting(b, {
      code: 'SSL_POLICY', setting: name, element: SSL, eff, want, same: sslEqual(name, eff.value, want), requiresRestart: true,
      okMessage: () => say.sslOk(null, name, want), driftMessage: () => say.sslDrift(null, name, eff.value, want),
    });
  }
  return fixes;
}

/** undefined when the desired state does not set this policy (no check). */
function siteSslInput({ state, desired, siteOverrides }: RuleContext, site: FtpSiteFacts, name: PlannedSslSetting): SettingInput | undefined {
  const wantOwn = siteOverrides.size === 0 ? undefined : siteOverrides.get(siteKey(site.name))?.ssl?.[name];
  const want = wantOwn ?? desired.ssl?.[name];
  if (want === undefined) return undefined;
  const eff = effectiveSsl(site, state, name);
  return { eff, want, wantOwn, same: sslEqual(name, eff.value, want) };
}

function checkSiteSsl(ctx: RuleContext, site: FtpSiteFacts, index: number): void {
  const { state, desired, siteOverrides, b } = ctx;
  // The certificate the site will have after this plan: the desired one if the plan sets it, else today's.
  const certAfter = (siteOverrides.size === 0 ? undefined : siteOverrides.get(siteKey(site.name))?.ssl?.serverCertHash) ?? desired.ssl?.serverCertHash ?? effectiveSsl(site, state, 'serverCertHash').value;
  for (let i = 0; i < SSL_SETTINGS.length; i++) {
    const name = SSL_SETTINGS[i]!;
    const input = siteSslInput(ctx, site, name);
    if (!input) continue;
    const { eff, want, wantOwn, same } = input;
    if (certAfter.trim() === '' && name !== 'serverCertHash' && want !== 'SslAllow' && want !== 'SslDeny' && !same) {
      // Requiring TLS on a site with no certificate makes it refuse every client: not a fix apply may make.
      b.check({ code: 'SSL_WITHOUT_CERTIFICATE', status: 'error', site: site.name, setting: name, scope: eff.from === 'site' || wantOwn !== undefined ? 'site' : 'siteDefaults', current: eff.value, desired: want, inheritedFrom: eff.from, fixable: false, message: say.sslRequireWithoutCertificate(site.name, name, want), at: site.ssl.serverCertHash?.at ?? site.at, changeIds: [] });
      continue;
    }
    checkSiteSetting(b, site, index, ctx.ssl[i]!, input);
  }
}

/** Thumbprints are hex and case-insensitive (IIS Manager writes upper case, PowerShell often lower). */
function sslEqual(name: PlannedSslSetting, a: string, b: string): boolean {
  return name === 'serverCertHash' ? a.replace(/\s/g, '').toUpperCase() === b.replace(/\s/g, '').toUpperCase() : a === b;
}

/** The port list as the check shows it; one shared string for the usual single binding. */
function bindingPorts(site: FtpSiteFacts): string {
  const b = site.ftpBindings;
  return b.length === 1 ? portText(b[0]!.port) : b.map((x) => x.port).join(', ');
}
const PORT_TEXT = new Map<number, string>();
function portText(port: number): string {
  let text = PORT_TEXT.get(port);
  if (text === undefined) PORT_TEXT.set(port, (text = String(port)));
  return text;
}

function checkImplicitBinding({ b }: RuleContext, site: FtpSiteFacts, index: number): void {
  if (site.ftpBindings.some((x) => x.port === 990)) b.ok(index, BINDING);
  else b.add(new SiteCheck('IMPLICIT_FTPS_BINDING', 'warning', site.name, 'bindings', 'site', bindingPorts(site), 990, undefined, false, site.at, NO_CHANGES, site));
}

function desiredStateWarnings(b: PlanBuilder, loaded: LoadedDesiredState): void {
  for (const w of loaded.warningsAt ?? []) {
    b.check({ code: 'DESIRED_STATE', status: 'warning', site: null, setting: 'desired state', scope: 'server', current: null, desired: null, fixable: false, message: w.message, ...(w.line ? { at: { file: loaded.file, line: w.line } } : {}) });
  }
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
