/**
 * Certificate checks for each FTP site: the certificate it names
 * (`serverCertHash` in `Cert:\LocalMachine\<serverCertStoreName>`) is present,
 * has a private key, is within its validity (warning within 30 days of
 * expiry), covers the desired DNS name, and is the pinned thumbprint (the same
 * pin on every backend means the same certificate behind the VIP). apply never
 * installs, replaces or exports certificates: all of these only report.
 */
import { desiredSiteOf } from '../core/site-names.js';
import type { Check } from '../core/plan.js';
import type { DesiredCertificate, DesiredState } from '../core/desired-state.js';
import type { IisFtpState } from '../core/iis-state.js';
import { effectiveSsl } from '../core/effective.js';
import type { CertificateFact } from './host-facts.js';
import { certificateCovers } from './dns-name-match.js';
import { normalizeThumbprint, readCertificate } from './certificate-names.js';
import { hostCheck } from './host-check.js';

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** The certificate an FTP site will present after apply: the desired serverCertHash if any, else the current one. */
export interface SiteCertificate {
  site: string;
  storeName: string;
  /** Normalised thumbprint; '' when the site names none. */
  thumbprint: string;
}

export function certificateTargets(state: IisFtpState, desired: DesiredState): SiteCertificate[] {
  return state.ftpSites.map((site) => {
    const wanted = desiredSiteOf(desired, site.name)?.ssl?.serverCertHash ?? desired.ssl?.serverCertHash;
    const hash = wanted ?? effectiveSsl(site, state, 'serverCertHash').value;
    return { site: site.name, storeName: effectiveSsl(site, state, 'serverCertStoreName').value || 'MY', thumbprint: normalizeThumbprint(hash) };
  });
}

const SETTING = 'certificate';

export function checkCertificates(targets: readonly SiteCertificate[], facts: readonly CertificateFact[], pin: DesiredCertificate | undefined, now: Date): Check[] {
  const checks: Check[] = [];
  for (const t of targets) {
    const where = `Cert:\\LocalMachine\\${t.storeName}\\${t.thumbprint}`;
    if (!t.thumbprint) {
      checks.push(hostCheck({ hostCheck: 'CERT_CONFIGURED', status: 'error', site: t.site, setting: 'serverCertHash', current: null, desired: pin?.thumbprint ?? 'a certificate thumbprint',
        message: `FTP site "${t.site}" names no certificate (serverCertHash is empty), so FTPS clients cannot complete the TLS handshake.`,
        fix: 'set ssl.serverCertHash in the desired state (or pick the certificate in IIS Manager, FTP SSL Settings).' }));
      continue;
    }
    const fact = facts.find((f) => f.storeName.toLowerCase() === t.storeName.toLowerCase() && normalizeThumbprint(f.thumbprint) === t.thumbprint);
    if (!fact || !fact.found) {
      checks.push(hostCheck({ hostCheck: 'CERT_PRESENT', status: 'error', site: t.site, setting: SETTING, current: null, desired: t.thumbprint,
        message: `FTP site "${t.site}" uses certificate ${t.thumbprint}, which is not in ${where}, so the TLS handshake fails.`,
        fix: `import the certificate with its private key into LocalMachine\\${t.storeName} on this backend (this tool never installs certificates).` }));
      continue;
    }
    const cert = readCertificate(fact);
    checks.push(privateKeyCheck(t, fact, where));
    checks.push(validityCheck(t, cert.notBefore, cert.notAfter, now));
    if (pin?.dnsName) checks.push(nameCheck(t, pin.dnsName, cert.names));
    if (pin?.thumbprint) checks.push(thumbprintCheck(t, pin.thumbprint));
  }
  return checks;
}

function privateKeyCheck(t: SiteCertificate, fact: CertificateFact, where: string): Check {
  const ok = fact.hasPrivateKey === true;
  return hostCheck({ hostCheck: 'CERT_PRIVATE_KEY', status: ok ? 'ok' : 'error', site: t.site, setting: SETTING, current: fact.hasPrivateKey ?? null, desired: true,
    message: ok ? `Certificate ${t.thumbprint} has its private key.` : `Certificate ${where} has no private key, so ftpsvc cannot use it for TLS.`,
    fix: 're-import the certificate from a PFX that includes the private key (and grant the FTP service read access to the key).' });
}

function validityCheck(t: SiteCertificate, notBefore: Date | undefined, notAfter: Date | undefined, now: Date): Check {
  const base = { hostCheck: 'CERT_VALIDITY' as const, site: t.site, setting: SETTING, desired: `valid for more than ${EXPIRY_WARNING_DAYS} days` };
  if (!notAfter || Number.isNaN(notAfter.getTime())) {
    return hostCheck({ ...base, status: 'warning', current: null, message: `The expiry date of certificate ${t.thumbprint} could not be read.`, fix: 'check the certificate in certlm.msc.' });
  }
  const until = notAfter.toISOString();
  if (notBefore && notBefore.getTime() > now.getTime()) {
    return hostCheck({ ...base, status: 'error', current: `not valid before ${notBefore.toISOString()}`,
      message: `Certificate ${t.thumbprint} is not valid yet (from ${notBefore.toISOString()}), so clients reject it.`, fix: 'check the backend clock, or use a certificate that is already valid.' });
  }
  const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (notAfter.getTime() <= now.getTime()) {
    return hostCheck({ ...base, status: 'error', current: `expired ${until}`,
      message: `Certificate ${t.thumbprint} expired on ${until}, so clients reject the connection.`, fix: 'renew the certificate, import it on every backend and point serverCertHash (ssl.serverCertHash) at the new thumbprint.' });
  }
  if (days < EXPIRY_WARNING_DAYS) {
    return hostCheck({ ...base, status: 'warning', current: `expires ${until} (${days} days)`,
      message: `Certificate ${t.thumbprint} expires on ${until}, in ${days} days.`, fix: 'renew it now and roll the new thumbprint out to every backend.' });
  }
  return hostCheck({ ...base, status: 'ok', current: `expires ${until}`, message: `Certificate ${t.thumbprint} is valid until ${until}.` });
}

function nameCheck(t: SiteCertificate, dnsName: string, names: ReturnType<typeof readCertificate>['names']): Check {
  const m = certificateCovers(names, dnsName);
  const presented = [...names.dnsNames, ...names.ipAddresses.map((a) => `IP:${a}`)];
  const shown = presented.length > 0 ? presented.join(', ') : names.commonName ? `CN=${names.commonName}` : 'no names';
  return hostCheck({ hostCheck: 'CERT_NAME', status: m.covered ? 'ok' : 'error', site: t.site, setting: SETTING, current: shown, desired: dnsName,
    message: m.covered
      ? `Certificate ${t.thumbprint} covers ${dnsName} (as ${m.matchedBy}).`
      : `Certificate ${t.thumbprint} does not cover ${dnsName} (it names ${shown}), so clients that verify the name reject the VIP.`,
    fix: `use a certificate whose subjectAltName includes ${dnsName} (a wildcard counts only as the whole left-most label, for one label).` });
}

function thumbprintCheck(t: SiteCertificate, pinned: string): Check {
  const want = normalizeThumbprint(pinned);
  const ok = want === t.thumbprint;
  return hostCheck({ hostCheck: 'CERT_THUMBPRINT', status: ok ? 'ok' : 'error', site: t.site, setting: SETTING, current: t.thumbprint, desired: want,
    message: ok ? `FTP site "${t.site}" uses the pinned certificate ${want}.`
      : `FTP site "${t.site}" uses certificate ${t.thumbprint}, not the pinned ${want}: backends behind one VIP would present different certificates.`,
    fix: `import certificate ${want} on this backend and set ssl.serverCertHash to it in the desired state (apply then points the site at it).` });
}
