/**
 * The FTP-relevant facts of one IIS configuration, as read from disk.
 * Only what the planner needs; everything else in applicationHost.config is
 * skipped by the reader. Values are kept as IIS stores them (attribute text
 * parsed to the schema type); inheritance is resolved by `effective.ts`, not here.
 */

/** Where a fact was read: the file (after redirection / configSource) and its 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/** An attribute value together with the place it was written, so reports can point at it. */
export interface Located<T> {
  value: T;
  at: SourceLocation;
}

export interface FtpBinding {
  /** The raw `bindingInformation`, e.g. `*:990:` or `10.0.1.11:21:ftp.example.com`. */
  bindingInformation: string;
  ip: string;
  port: number;
  host: string;
}

/** `ftpServer/security/ssl` attributes as written at one level (site or siteDefaults); absent = not set there. */
export interface SslSettings {
  controlChannelPolicy?: Located<string>;
  dataChannelPolicy?: Located<string>;
  serverCertHash?: Located<string>;
  serverCertStoreName?: Located<string>;
  ssl128?: Located<boolean>;
}

export interface FtpSiteFacts {
  name: string;
  /** IIS site id (the `id` attribute); used when a name can't be quoted in a filter. */
  id: number | undefined;
  at: SourceLocation;
  /** Only bindings whose protocol is `ftp`. A site is an FTP site when this is non-empty. */
  ftpBindings: FtpBinding[];
  /** The site's own `ftpServer/firewallSupport/@externalIp4Address`, if set. */
  externalIp4Address?: Located<string>;
  ssl: SslSettings;
}

/** How the configuration file was found: shared configuration and split sections. */
export interface ConfigOrigin {
  /** The path the user gave (or the Windows default). */
  requestedFile: string;
  /** The file actually read: differs when redirection.config enabled shared configuration. */
  configFile: string;
  /** Set when IIS shared configuration redirected the read. */
  redirection?: { redirectionConfig: string; path: string };
  /** Every file read (main file and configSource files), for hashing and staleness checks. */
  filesRead: string[];
  /** sha256 over the files read, in order; a saved plan is stale when this changes. */
  contentHash: string;
}

/** A known mistake found while reading, reported as a finding by the planner. */
export interface MisplacedAttribute {
  element: string;
  attribute: string;
  value: string;
  at: SourceLocation;
  /** Where IIS actually reads this setting from, in words. */
  belongs: string;
}

export interface IisFtpState {
  origin: ConfigOrigin;
  /** `system.ftpServer/firewallSupport`: server-wide; IIS default 0 for both. */
  firewallSupport: {
    lowDataChannelPort?: Located<number>;
    highDataChannelPort?: Located<number>;
  };
  siteDefaults: {
    externalIp4Address?: Located<string>;
    ssl: SslSettings;
  };
  /** FTP sites only, in file order. */
  ftpSites: FtpSiteFacts[];
  /** Every site name in the file (FTP or not), to tell "not an FTP site" from "no such site". */
  allSiteNames: string[];
  misplaced: MisplacedAttribute[];
}
