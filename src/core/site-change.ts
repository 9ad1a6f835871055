/**
 * A write the planner makes at one site (`site[@name='x']/ftpServer/...`): one for every drifting site
 * setting, so a farm with a third of its sites drifting has tens of thousands. Like SiteCheck, it is one
 * small object whose strings (the id, the WebAdministration filter) are made when something reads them:
 * built at plan time they were most of what each plan kept alive, and the garbage collector copied them
 * at every scavenge (docs/performance.md). `toJSON` gives the same JSON as a plain Change, in the same
 * key order, so saved plans and reports do not change.
 */
import { APPHOST_PSPATH, type Change } from './plan.js';
import type { FtpSiteFacts } from './iis-state.js';
import { siteSelector } from './site-filter.js';

/** The attribute a site change writes, shared by every site's change of it. */
export interface SiteWrite {
  /** The attribute, e.g. externalIp4Address. */
  setting: string;
  /** Its element below the site, e.g. ftpServer/firewallSupport. */
  element: string;
  requiresRestart: boolean;
}

export class SiteChange implements Change {
  readonly pspath = APPHOST_PSPATH;
  readonly scope = 'site';
  readonly #facts: FtpSiteFacts;
  readonly #write: SiteWrite;

  /** `facts` must be selectable (`siteSelector` gives a filter for it): the planner checks that first. */
  constructor(facts: FtpSiteFacts, write: SiteWrite, public value: string, public current: string | null) {
    this.#facts = facts;
    this.#write = write;
  }

  get id(): string {
    return `site:${this.#facts.name}/${this.#write.setting}`;
  }

  get filter(): string {
    return `${siteSelector(this.#facts.name, this.#facts.id)!}/${this.#write.element}`;
  }

  get name(): string {
    return this.#write.setting;
  }

  get site(): string {
    return this.#facts.name;
  }

  get requiresRestart(): boolean {
    return this.#write.requiresRestart;
  }

  /** The plain Change, keys in the order the planner has always written them. */
  toJSON(): Change {
    return { id: this.id, filter: this.filter, name: this.name, value: this.value, current: this.current, site: this.site, scope: this.scope, requiresRestart: this.requiresRestart, pspath: this.pspath };
  }
}
