/**
 * The checks the planner makes for every FTP site (external address, the SSL
 * policies, the implicit-FTPS binding): a hosting farm has tens of thousands
 * of them, nearly all ok. Each is one small object of one fixed shape whose
 * wording is made only when something reads `message` (a report shows the
 * findings; the ok checks are mostly counted), so planning allocates no
 * sentence per check. `toJSON` gives the same JSON as a plain Check, so saved
 * plans and reports do not change (docs/performance.md).
 */
import type { CheckCode, CheckStatus, Check, SettingValue } from './plan.js';
import type { FtpSiteFacts, SourceLocation } from './iis-state.js';
import type { ValueSource } from './effective.js';
import * as say from './messages.js';
import { SiteChange } from './site-change.js';

export type SiteCheckCode = Extract<CheckCode, 'EXTERNAL_ADDRESS_SITE' | 'SSL_POLICY' | 'IMPLICIT_FTPS_BINDING'>;

/** Checks without a change share this one array (frozen: nothing may add to it). */
export const NO_CHANGES: string[] = Object.freeze([]) as unknown as string[];

export class SiteCheck implements Check {
  /** The site's facts, for wording that needs more than the check's own fields (the binding's address). */
  readonly #facts: FtpSiteFacts;
  /** The ids of the changes that fix it, or the one site change that does (its id is made when read). */
  readonly #fix: string[] | SiteChange;

  // Fields in the JSON order of a plain Check; one shape for every per-site check.
  constructor(
    public code: SiteCheckCode,
    public status: CheckStatus,
    public site: string,
    public setting: string,
    public scope: Check['scope'],
    public current: SettingValue,
    public desired: SettingValue,
    public inheritedFrom: ValueSource | undefined,
    public fixable: boolean,
    public at: SourceLocation | undefined,
    fix: string[] | SiteChange,
    facts: FtpSiteFacts,
  ) {
    this.#fix = fix;
    this.#facts = facts;
  }

  get changeIds(): string[] {
    return this.#fix instanceof SiteChange ? [this.#fix.id] : this.#fix;
  }

  /** The operator's sentence, made from the check's own fields each time it is read (pure, so always the same). */
  get message(): string {
    const { site } = this;
    const want = this.desired as string;
    switch (this.code) {
      case 'IMPLICIT_FTPS_BINDING':
        return this.status === 'ok' ? say.implicitOk(site) : say.noImplicitBinding(site, String(this.current));
      case 'EXTERNAL_ADDRESS_SITE':
        if (this.status === 'ok') return say.siteAddressOk(site, want, this.inheritedFrom!);
        return this.#unselectable(say.siteAddressDrift(this.#facts, { value: this.current as string | null, from: this.inheritedFrom! }, want));
      case 'SSL_POLICY':
        if (this.status === 'ok') return say.sslOk(site, this.setting, want);
        return this.#unselectable(say.sslDrift(site, this.setting, this.current as string, want));
    }
  }

  /** An error here is always a drift no filter can fix (planner.ts): the drift sentence says why. */
  #unselectable(drift: string): string {
    return this.status === 'error' ? `${drift} ${say.unselectableSite(this.site)}` : drift;
  }

  /** The plain Check, keys in the order the planner has always written them. */
  toJSON(): Check {
    return {
      code: this.code, status: this.status, site: this.site, setting: this.setting, scope: this.scope, current: this.current, desired: this.desired,
      ...(this.inheritedFrom !== undefined ? { inheritedFrom: this.inheritedFrom } : {}),
      fixable: this.fixable, message: this.message, ...(this.at !== undefined ? { at: this.at } : {}), changeIds: this.changeIds,
    };
  }
}
