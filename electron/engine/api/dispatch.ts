import {
  type CommandName,
  type CommandOutput,
  commands,
  HomingError,
  isCommandName,
  type ParsedCommandInput,
  type Result,
} from '../../contract';
import { describeForLog, type Logger } from '../log';

/** Who is calling: which renderer (window or browser tab). Set by the transport, never by the payload. */
export interface CallContext {
  clientId: string;
}

export type Handlers = {
  [N in CommandName]: (input: ParsedCommandInput<N>, ctx: CallContext) => Promise<CommandOutput<N>>;
};

export type Dispatch = (name: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

/**
 * The one entry point both transports call. The payload is parsed as `unknown` with the contract's
 * schema before any handler sees it (STYLE.md habit 3); errors become Results (habit 4) and are
 * logged without their input, which may hold a password.
 */
export const createDispatch = (handlers: Handlers, log: Logger): Dispatch => {
  return async (name, input, ctx) => {
    if (!isCommandName(name)) {
      return { ok: false, error: { code: 'invalid_input', message: `Unknown command ${JSON.stringify(String(name)).slice(0, 80)}` } };
    }
    const parsed = commands[name].input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      return { ok: false, error: { code: 'invalid_input', message: `${name}: ${issue?.message ?? 'invalid input'}${where}` } };
    }
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (err) {
      if (err instanceof HomingError) {
        log.warn(`${name} failed: ${err.code}: ${err.message}`);
        return { ok: false, error: err.toAppError() };
      }
      log.error(`${name} crashed: ${describeForLog(err)}`);
      return { ok: false, error: { code: 'internal', message: `Homing hit an internal error running ${name}. The log has details.` } };
    }
  };
};
