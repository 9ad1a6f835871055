/**
 * ftpsvc: installed, start mode, running, and started after the last change to
 * the FTP firewall settings. The port range (and, to be safe, the external
 * address) takes effect only when ftpsvc restarts (DOMAIN.md, "Restart"), so a
 * service that started before the change still hands out the old values:
 * "restart pending".
 *
 * How sure we are of the change time decides the status: a known change time
 * (apply's own change, or IIS configuration history showing the firewall
 * values changed) makes it drift that apply fixes by restarting (per the
 * restart policy); the configuration file's last write time alone (any IIS
 * change moves it) only makes it a warning.
 */
import type { Check, HostAction } from '../core/plan.js';
import type { RestartPolicy } from '../core/desired-state.js';
import type { ServiceFact } from './host-facts.js';
import { hostCheck } from './host-check.js';

export interface RestartEvidence {
  /** When the firewall settings last changed, when known for certain. */
  firewallChangedAt?: { at: Date; source: 'apply' | 'history' };
  /** applicationHost.config's last write time (an upper bound for any change). */
  configWrittenAt?: Date;
}

export interface ServicePlan {
  checks: Check[];
  action?: HostAction;
}

const SETTING = 'ftpsvc';

export function checkService(svc: ServiceFact, evidence: RestartEvidence, policy: RestartPolicy): ServicePlan {
  if (!svc.installed) {
    return { checks: [hostCheck({ hostCheck: 'SERVICE_INSTALLED', status: 'error', setting: SETTING, current: 'not installed', desired: 'installed',
      message: 'The FTP service (ftpsvc) is not installed on this host, so nothing listens on 990.',
      fix: 'install the FTP Server role service: Install-WindowsFeature Web-Ftp-Server (elevated).' })] };
  }
  const checks: Check[] = [hostCheck({ hostCheck: 'SERVICE_INSTALLED', status: 'ok', setting: SETTING, current: 'installed', desired: 'installed', message: 'The FTP service (ftpsvc) is installed.' })];
  checks.push(startModeCheck(svc));
  const running = (svc.state ?? '').toLowerCase() === 'running';
  checks.push(hostCheck({ hostCheck: 'SERVICE_RUNNING', status: running ? 'ok' : 'error', setting: SETTING, current: svc.state ?? 'unknown', desired: 'Running',
    message: running ? 'ftpsvc is running.' : `ftpsvc is ${svc.state ?? 'in an unknown state'}, so FTPS clients cannot connect.`,
    fix: 'Start-Service ftpsvc, then check the System event log if it stops again.' }));
  if (!running) return { checks };
  const restart = restartCheck(svc, evidence, policy);
  return { checks: [...checks, restart.check], ...(restart.action ? { action: restart.action } : {}) };
}

function startModeCheck(svc: ServiceFact): Check {
  const mode = svc.startMode ?? 'unknown';
  const m = mode.toLowerCase();
  const shown = m === 'auto' && svc.delayedAutoStart ? 'Auto (delayed)' : mode;
  const status = m === 'auto' ? 'ok' : m === 'disabled' ? 'error' : 'warning';
  return hostCheck({ hostCheck: 'SERVICE_START_MODE', status, setting: SETTING, current: shown, desired: 'Auto',
    message: status === 'ok' ? `ftpsvc starts automatically (${shown}).`
      : m === 'disabled' ? 'ftpsvc is disabled: it cannot start, and after a reboot FTPS is down.'
      : `ftpsvc start mode is ${shown}: after a reboot FTPS stays down until someone starts it.`,
    fix: 'Set-Service ftpsvc -StartupType Automatic.' });
}

function restartCheck(svc: ServiceFact, ev: RestartEvidence, policy: RestartPolicy): { check: Check; action?: HostAction } {
  const started = svc.processStartTime ? new Date(svc.processStartTime) : undefined;
  const base = { hostCheck: 'SERVICE_RESTART_PENDING' as const, setting: SETTING, desired: 'started after the last firewall-settings change' };
  if (!started || Number.isNaN(started.getTime())) {
    return { check: hostCheck({ ...base, status: 'warning', current: 'start time unknown', message: 'The start time of ftpsvc could not be read, so a pending restart cannot be ruled out.', fix: 'restart ftpsvc after changing the FTP firewall settings.' }) };
  }
  const since = `started ${started.toISOString()}`;
  const changed = ev.firewallChangedAt;
  if (changed && started.getTime() < changed.at.getTime()) {
    const fixable = policy !== 'never';
    const reason = `ftpsvc started at ${started.toISOString()}, before the FTP firewall settings changed at ${changed.at.toISOString()} (${changed.source === 'apply' ? 'by apply' : 'per IIS configuration history'})`;
    return {
      check: hostCheck({ ...base, status: 'drift', current: since, fixable, changeIds: fixable ? ['host:restart-ftpsvc'] : [],
        message: `Restart pending: ${reason}, so passive replies still use the old settings.`,
        fix: fixable ? `apply restarts ftpsvc (restart policy ${policy}).` : 'Restart-Service ftpsvc, or run apply with --restart on-change.' }),
      ...(fixable ? { action: { kind: 'restart-ftpsvc' as const, id: 'host:restart-ftpsvc', reason } } : {}),
    };
  }
  if (!changed && ev.configWrittenAt && started.getTime() < ev.configWrittenAt.getTime()) {
    return { check: hostCheck({ ...base, status: 'warning', current: since,
      message: `Restart may be pending: applicationHost.config was written at ${ev.configWrittenAt.toISOString()}, after ftpsvc ${since}; if that write changed the FTP firewall settings, the running service still uses the old ones.`,
      fix: 'Restart-Service ftpsvc in a quiet moment (active FTP sessions are dropped).' }) };
  }
  return { check: hostCheck({ ...base, status: 'ok', current: since, message: `ftpsvc ${since}, after the last change to the FTP firewall settings.` }) };
}
