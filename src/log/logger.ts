/**
 * The run log: human lines on stderr (info and up; debug with --verbose; errors
 * only with --quiet) and, with --log-file, JSON lines through winston.
 * winston is imported only when a log file is asked for: a plain audit must
 * start fast (issue 6), and stderr needs no transport machinery.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  /** Flushes file transports; call before exit. */
  close(): Promise<void>;
  /**
   * With `deferFile`: opens the log file now (lines logged before are written first).
   * Called once the run's outputs are known not to be its inputs (src/app/run-files.ts);
   * a run that ends before then logs to stderr only.
   */
  openFile?(): Promise<void>;
}

export interface LoggerOptions {
  verbose: boolean;
  quiet: boolean;
  logFile?: string;
  stderr: NodeJS.WritableStream;
  /** Hold the log file closed until `openFile()`: it must not be opened before it is known not to be an input. */
  deferFile?: boolean;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export async function createLogger(opts: LoggerOptions): Promise<Logger> {
  const consoleMax: LogLevel = opts.quiet ? 'error' : opts.verbose ? 'debug' : 'warn';
  let file = opts.logFile && !opts.deferFile ? await fileLogger(opts.logFile) : undefined;
  const held: Array<{ level: string; message: string }> | undefined = opts.logFile && opts.deferFile ? [] : undefined;
  const emit = (level: LogLevel) => (message: string, meta?: Record<string, unknown>) => {
    if (RANK[level] <= RANK[consoleMax]) {
      opts.stderr.write(`${level === 'info' || level === 'debug' ? '' : `${level}: `}${message}\n`);
    }
    if (file) file.log({ level, message, ...meta });
    else held?.push({ level, message, ...meta });
  };
  return {
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
    close: () => file?.close() ?? Promise.resolve(),
    openFile: async () => {
      if (file || !held || !opts.logFile) return;
      file = await fileLogger(opts.logFile);
      for (const entry of held.splice(0)) file.log(entry);
    },
  };
}

/** A JSON-lines file with size-based rotation (5 MiB, 5 files), as an agent run every 15 minutes needs. */
async function fileLogger(path: string) {
  const winston = (await import('winston')).default;
  const transport = new winston.transports.File({ filename: path, maxsize: 5 * 1024 * 1024, maxFiles: 5, tailable: true });
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
  return {
    log: (entry: { level: string; message: string }) => logger.log(entry),
    close: () =>
      new Promise<void>((resolve) => {
        logger.on('finish', () => resolve());
        logger.end();
      }),
  };
}

/** A logger that drops everything, for tests and library callers. */
export const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  close: async () => {},
  openFile: async () => {},
};
