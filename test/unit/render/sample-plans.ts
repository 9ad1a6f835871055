/**
 * Plans and reports built by hand for the renderer tests: the renderers need
 * only the Plan/Report contracts, not the planner. Values are what the planner
 * and apply produce for realistic backends (see src/core/messages.ts wording).
 */
import { APPHOST_PSPATH, PLAN_FORMAT_VERSION, type Change, type Check, type Plan } from '../../../src/core/plan.js';
import type { ApplyOutcome } from '../../../src/core/apply-outcome.js';
import type { Report } from '../../../src/core/report.js';

const CONFIG = 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config';
const SHARED = '\\\\fs01\\IISConfig\\applicationHost.config';
const DESIRED = 'C:\\ProgramData\\ftps-enforcer\\desired.json';

export function check(c: Partial<Check> & Pick<Check, 'code' | 'status' | 'setting'>): Check {
  return { site: null, scope: 'server', current: null, desired: null, fixable: true, message: `${c.setting} checked.`, changeIds: [], ...c };
}

export function change(c: Partial<Change> & Pick<Change, 'id' | 'filter' | 'name' | 'value'>): Change {
  return { pspath: APPHOST_PSPATH, current: null, site: null, scope: 'server', requiresRestart: true, ...c };
}

export function plan(p: Partial<Plan> & Pick<Plan, 'checks'>): Plan {
  const changes = p.changes ?? [];
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'iis-ftps-enforcer', version: '0.1.0' },
    createdAt: '2026-11-25T03:00:00.000Z',
    config: { requestedFile: CONFIG, configFile: CONFIG, filesRead: [CONFIG], contentHash: 'c0ffee'.padEnd(64, '0') },
    desired: { file: DESIRED, contentHash: 'beef'.padEnd(64, '0') },
    restart: 'on-change',
    changes,
    compliant: !p.checks.some((c) => c.status === 'drift' || c.status === 'error'),
    ...p,
  };
}

const at = (line: number, file = CONFIG) => ({ file, line });

/** Everything right; one site without a 990 binding (a warning keeps it compliant). */
export const compliantPlan = plan({
  checks: [
    check({ code: 'PORT_RANGE', status: 'ok', setting: 'lowDataChannelPort', current: 50000, desired: 50000, message: 'The passive port range is 50000-50099.', at: at(212) }),
    check({ code: 'PORT_RANGE', status: 'ok', setting: 'highDataChannelPort', current: 50099, desired: 50099, message: 'The passive port range is 50000-50099.', at: at(212) }),
    check({ code: 'EXTERNAL_ADDRESS_DEFAULT', status: 'ok', scope: 'siteDefaults', setting: 'externalIp4Address', current: '203.0.113.10', desired: '203.0.113.10', message: 'The default external address (siteDefaults) is the VIP 203.0.113.10.', at: at(180) }),
    check({ code: 'EXTERNAL_ADDRESS_SITE', status: 'ok', site: 'Partner FTP', scope: 'siteDefaults', inheritedFrom: 'siteDefaults', setting: 'externalIp4Address', current: '203.0.113.10', desired: '203.0.113.10', message: 'Site "Partner FTP" advertises 203.0.113.10 (inherited from siteDefaults).' }),
    check({ code: 'IMPLICIT_FTPS_BINDING', status: 'ok', site: 'Partner FTP', scope: 'site', setting: 'bindings', current: '990', desired: 990, fixable: false, message: 'Site "Partner FTP" has an FTP binding on port 990 (Implicit FTPS).', at: at(160) }),
    check({ code: 'IMPLICIT_FTPS_BINDING', status: 'warning', site: 'Legacy FTP', scope: 'site', setting: 'bindings', current: '21', desired: 990, fixable: false, message: 'Site "Legacy FTP" has FTP bindings on port 21 but none on 990, so it serves no Implicit FTPS: the VIP\'s port 990 will not reach it.', at: at(170) }),
  ],
});

const driftChanges = [
  change({ id: 'server/lowDataChannelPort', filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 0 }),
  change({ id: 'server/highDataChannelPort', filter: 'system.ftpServer/firewallSupport', name: 'highDataChannelPort', value: 50099, current: 0 }),
  change({ id: 'siteDefaults/externalIp4Address', filter: 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport', name: 'externalIp4Address', value: '203.0.113.10', current: null, scope: 'siteDefaults' }),
  change({ id: 'site:Partner FTP/externalIp4Address', filter: "system.applicationHost/sites/site[@name='Partner FTP']/ftpServer/firewallSupport", name: 'externalIp4Address', value: '203.0.113.10', current: '10.0.1.11', site: 'Partner FTP', scope: 'site' }),
  change({ id: 'site:Partner FTP/dataChannelPolicy', filter: "system.applicationHost/sites/site[@name='Partner FTP']/ftpServer/security/ssl", name: 'dataChannelPolicy', value: 'SslRequire', current: 'SslAllow', site: 'Partner FTP', scope: 'site', requiresRestart: true }),
];

/** A broken backend behind shared configuration: port range unset, no default address, a stale site override, the guide's misplaced attribute. */
export const driftPlan = plan({
  config: {
    requestedFile: CONFIG,
    configFile: SHARED,
    redirection: { redirectionConfig: 'C:\\Windows\\System32\\inetsrv\\config\\redirection.config', path: SHARED },
    filesRead: [SHARED, '\\\\fs01\\IISConfig\\ftp-sites.config'],
    contentHash: 'ab12'.padEnd(64, '0'),
  },
  checks: [
    check({ code: 'MISPLACED_ATTRIBUTE', status: 'error', setting: 'externalIp4Address', current: '203.0.113.10', fixable: false, message: 'system.ftpServer/firewallSupport has externalIp4Address="203.0.113.10", which IIS does not have there (it refuses to load the section: "Unrecognized attribute"); delete it by hand and set the address on system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport.', at: at(212, SHARED) }),
    check({ code: 'PORT_RANGE', status: 'drift', setting: 'lowDataChannelPort', current: 0, desired: 50000, message: 'The passive port range is 0-0 (Windows\' dynamic range 49152-65535), not 50000-50099: IIS will hand out data ports the load balancer does not forward, so clients hang at "Making data connection".', changeIds: ['server/lowDataChannelPort'] }),
    check({ code: 'PORT_RANGE', status: 'drift', setting: 'highDataChannelPort', current: 0, desired: 50099, message: 'The passive port range is 0-0 (Windows\' dynamic range 49152-65535), not 50000-50099: IIS will hand out data ports the load balancer does not forward, so clients hang at "Making data connection".', changeIds: ['server/highDataChannelPort'] }),
    check({ code: 'EXTERNAL_ADDRESS_DEFAULT', status: 'drift', scope: 'siteDefaults', setting: 'externalIp4Address', current: null, desired: '203.0.113.10', message: 'No default external address is set (siteDefaults): FTP sites without their own value advertise the backend\'s own address in PASV replies, and clients through the VIP 203.0.113.10 cannot reach it.', changeIds: ['siteDefaults/externalIp4Address'] }),
    check({ code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: 'Partner FTP', scope: 'site', inheritedFrom: 'site', setting: 'externalIp4Address', current: '10.0.1.11', desired: '203.0.113.10', message: 'Site "Partner FTP" advertises 10.0.1.11 (the site\'s own value, which overrides siteDefaults), so clients will be sent to 10.0.1.11 instead of the VIP 203.0.113.10.', at: { file: '\\\\fs01\\IISConfig\\ftp-sites.config', line: 14, column: 9 }, changeIds: ['site:Partner FTP/externalIp4Address'] }),
    check({ code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: 'Upload FTP', scope: 'siteDefaults', inheritedFrom: 'siteDefaults', setting: 'externalIp4Address', current: null, desired: '203.0.113.10', message: 'Site "Upload FTP" advertises the backend\'s own address (nothing set, inherited from siteDefaults), so clients will be sent to it instead of the VIP 203.0.113.10.', changeIds: ['siteDefaults/externalIp4Address'] }),
    check({ code: 'SSL_POLICY', status: 'drift', site: 'Partner FTP', scope: 'site', inheritedFrom: 'site', setting: 'dataChannelPolicy', current: 'SslAllow', desired: 'SslRequire', message: 'Site "Partner FTP" has dataChannelPolicy SslAllow, not SslRequire so credentials or data may cross the network unencrypted.', changeIds: ['site:Partner FTP/dataChannelPolicy'] }),
    check({ code: 'IMPLICIT_FTPS_BINDING', status: 'ok', site: 'Partner FTP', scope: 'site', setting: 'bindings', current: '990', desired: 990, fixable: false, message: 'Site "Partner FTP" has an FTP binding on port 990 (Implicit FTPS).' }),
    check({ code: 'UNKNOWN_SITE', status: 'warning', site: 'Partner FTPS', scope: 'site', setting: 'name', current: null, desired: 'Partner FTPS', fixable: false, message: `The desired state names site "Partner FTPS", which ${SHARED} does not have; check the spelling (IIS matches site names ignoring case) or remove it from "sites".` }),
  ],
  changes: driftChanges,
});

/** The same backend without the misplaced attribute, applied successfully. */
const fixablePlan = plan({ ...driftPlan, checks: driftPlan.checks.filter((c) => c.code !== 'MISPLACED_ATTRIBUTE') });

export const appliedReport: Report = {
  command: 'apply',
  host: 'IIS-WEB1',
  plan: fixablePlan,
  apply: {
    status: 'applied',
    startedAt: '2026-11-25T03:00:01.000Z',
    finishedAt: '2026-11-25T03:00:09.500Z',
    backupName: 'ftps-enforcer-20261125T030001Z',
    applied: driftChanges.map((c) => ({ changeId: c.id, readBack: c.value, verified: true })),
    restart: { policy: 'on-change', performed: true, at: '2026-11-25T03:00:09.100Z', reason: 'restart policy on-change: 5 change(s) take effect only once ftpsvc restarts' },
    verification: { compliant: true, remaining: [] },
    powershell: { executable: 'powershell.exe', processes: 1, stderr: '' },
  } satisfies ApplyOutcome,
};

export const failedReport: Report = {
  command: 'apply',
  plan: fixablePlan,
  apply: {
    status: 'failed',
    startedAt: '2026-11-25T03:00:01.000Z',
    finishedAt: '2026-11-25T03:00:40.000Z',
    backupName: 'ftps-enforcer-20261125T030001Z',
    applied: driftChanges.map((c) => ({ changeId: c.id, readBack: c.value, verified: true })),
    restart: { policy: 'on-change', performed: false, reason: 'restart policy on-change: 5 change(s) take effect only once ftpsvc restarts' },
    rollback: { attempted: true, succeeded: true, configRestored: true, service: { before: 'Running', after: 'Running' }, message: 'the configuration was restored from backup ftps-enforcer-20261125T030001Z; ftpsvc was restarted with the previous configuration.' },
    error: 'ftpsvc did not reach Running within 30 seconds after Restart-Service.',
    powershell: { executable: 'powershell.exe', processes: 1, stderr: '' },
  } satisfies ApplyOutcome,
};

/** Site names an attacker or an unlucky admin could create: every renderer must show them verbatim and stay well-formed. */
export const HOSTILE_NAMES = [
  "O'Brien's FTP",
  '`backtick` ```fence```',
  'Pipe | Table | Breaker',
  '<script>alert(1)</script> & "quotes"',
  'line one\nline two\r\nline three',
  '$(New-Item -Path /tmp/pwned-by-site-name) ; Remove-Item *',
  '‘curly’ ‚low‛ "double" „low“',
  'ctrl \u0001\u0007\u001b[31m red \u001b[0m \u007f',
  '@team please ping',
  ']]> </testcase> <!-- -->',
  '  padded  ',
];

export const hostilePlan = plan({
  checks: HOSTILE_NAMES.map((name, i) =>
    check({
      code: 'EXTERNAL_ADDRESS_SITE',
      status: i % 3 === 0 ? 'warning' : i % 3 === 1 ? 'drift' : 'error',
      site: name,
      scope: 'site',
      setting: 'externalIp4Address',
      current: name,
      desired: '203.0.113.10',
      message: `Site ${JSON.stringify(name)} advertises ${name}.`,
      changeIds: i % 3 === 1 ? [`site:${name}/externalIp4Address`] : [],
    })),
  changes: HOSTILE_NAMES.filter((_, i) => i % 3 === 1).map((name) =>
    change({
      id: `site:${name}/externalIp4Address`,
      filter: `system.applicationHost/sites/site[@name=${name.includes("'") ? `"${name}"` : `'${name}'`}]/ftpServer/firewallSupport`,
      name: 'externalIp4Address',
      value: name,
      current: name,
      site: name,
      scope: 'site',
    })),
});

/** Host checks (issue 10): a firewall finding, the actions apply would take, and what the host step did. */
const hostPlan = plan({
  ...compliantPlan,
  compliant: false,
  checks: [
    ...compliantPlan.checks,
    check({ code: 'HOST', hostCheck: 'FIREWALL_INBOUND', status: 'drift', setting: 'inboundRule', scope: 'server', current: '990', desired: '990, 50000-50099', message: 'No enabled inbound Windows Firewall rule allows the passive range 50000-50099: data connections will time out.' }),
  ],
  hostActions: [
    { kind: 'ensure-firewall-rule', id: 'host/firewall', ruleName: 'ftps-enforcer-inbound', displayName: 'FTPS (ftps-enforcer)', description: 'Implicit FTPS control and passive ports', group: 'ftps-enforcer', localPorts: ['990', '50000-50099'], mode: 'create' },
    { kind: 'restart-ftpsvc', id: 'host/restart', reason: 'ftpsvc started before the last firewall settings change' },
  ],
});

export const hostApplyReport: Report = {
  command: 'apply',
  plan: hostPlan,
  apply: {
    status: 'applied',
    startedAt: '2026-11-25T03:00:01.000Z',
    finishedAt: '2026-11-25T03:00:05.000Z',
    applied: [],
    restart: { policy: 'on-change', performed: true, at: '2026-11-25T03:00:04.000Z', reason: 'a host action asked for it' },
    verification: { compliant: true, remaining: [] },
    host: { ok: true, actions: [
      { id: 'host/firewall', ok: true, done: 'created rule ftps-enforcer-inbound', message: 'TCP 990, 50000-50099 inbound allowed' },
      { id: 'host/restart', ok: true, done: 'restarted ftpsvc', message: '' },
    ] },
  } as ApplyOutcome,
};

export const REPORTS: Record<string, Report> = {
  'audit-host-checks': { command: 'audit', plan: hostPlan },
  'apply-host-actions': hostApplyReport,
  'audit-compliant': { command: 'audit', plan: compliantPlan },
  'audit-drift': { command: 'audit', host: 'IIS-WEB1', plan: driftPlan },
  'apply-applied': appliedReport,
  'apply-failed': failedReport,
  'audit-hostile-names': { command: 'audit', plan: hostilePlan },
};
