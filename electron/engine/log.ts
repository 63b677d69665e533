import { appendFileSync } from 'node:fs';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Secrets must never reach a log (invariant 7). Engine code never passes a password here, and as a
 * second line of defence every registered secret is blanked from each line before it is written.
 */
const registeredSecrets = new Set<string>();

export const registerSecret = (secret: string): void => {
  if (secret.length >= 3) registeredSecrets.add(secret);
};
export const forgetSecret = (secret: string): void => {
  registeredSecrets.delete(secret);
};

export const redact = (line: string): string => {
  let out = line;
  for (const s of registeredSecrets) out = out.split(s).join('«redacted»');
  return out;
};

export const describeForLog = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}${err.stack ? `\n${err.stack.split('\n').slice(1, 6).join('\n')}` : ''}` : String(err);

export const createLogger = (opts: { file?: string; echo?: boolean } = {}): Logger => {
  const write = (level: string, message: string) => {
    const line = redact(`${new Date().toISOString()} ${level} ${message}`);
    if (opts.file) {
      try {
        appendFileSync(opts.file, `${line}\n`, { mode: 0o600 });
      } catch {
        // A full disk must not take the engine down with it; the line still goes to stderr.
      }
    }
    if (opts.echo ?? !opts.file) process.stderr.write(`${line}\n`);
  };
  return {
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m) => write('ERROR', m),
  };
};

/** For code that must be handed a logger but whose failures already surface as Results. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
