/** Options every command accepts (the CLI declares them once, globally): how much to log, and where. */
export interface GlobalOptions {
  verbose: boolean;
  quiet: boolean;
  logFile?: string;
}
