import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';

/**
 * The server log carries no personal data: no cookie or token, and no value of a failed query.
 * A database error names the query, the SQLSTATE code and the constraint, never the parameters
 * (emails, names) nor the values PostgreSQL quotes in its message or detail.
 */

type SerializedError = { type: string; message: string; stack?: string } & Record<string, unknown>;

/** Fields of database errors (pg, PGlite, drizzle) that hold the values of a row or a query. */
const VALUE_FIELDS = ['params', 'parameters', 'detail', 'where', 'hint', 'internalQuery', 'internalPosition', 'position'];

/** A message cut before drizzle's "params:" part, with any quoted value of a data error masked. */
function scrubMessage(message: unknown, sqlState: unknown): unknown {
  if (typeof message !== 'string') return message;
  const cut = message.replace(/\nparams: [\s\S]*$/, '\nparams: [redacted]');
  // Class 22 (data exception) and 23 (constraint violation) messages quote the offending value.
  return typeof sqlState === 'string' && /^2[23]/.test(sqlState) ? cut.replace(/"[^"]*"/g, '"[redacted]"') : cut;
}

/** An error as a plain object (its type, message, stack, own fields and cause), with values of data removed. */
export function logError(error: unknown, depth = 0): SerializedError | unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const out: SerializedError = { type: error.constructor.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'cause') out[key] = VALUE_FIELDS.includes(key) ? '[redacted]' : value;
  }
  const cause = (error as { cause?: unknown }).cause;
  const sqlState = out.code ?? (cause && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined);
  out.message = scrubMessage(out.message, sqlState) as string;
  if (out.stack) out.stack = scrubMessage(out.stack, sqlState) as string;
  if (cause !== undefined) out.cause = logError(cause, depth + 1);
  return out;
}

export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: { err: (error) => logError(error) as SerializedError & { stack: string } },
  };
}

/**
 * One line per answered request, for operators: its id (the logger's reqId), method, path asked,
 * route, status and time; an error line when the answer failed (the client went away). It replaces
 * Fastify's two lines ("incoming request", "request completed"), each written synchronously on
 * every request. Below the info level pino writes none.
 */
const LEVELS_ABOVE_INFO = new Set(['warn', 'error', 'fatal', 'silent']);

export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // Below the info level the line is not written: it is not built either.
    if (!error && LEVELS_ABOVE_INFO.has(reply.log.level)) return;
    const line = {
      method: request.method,
      // The path without its query: a search's text (a person's name) stays out of the log.
      path: request.url.split('?', 1)[0],
      route: request.routeOptions.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      address: request.ip,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
