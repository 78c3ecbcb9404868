import "server-only";

/**
 * What a failed database call means for the person who asked for it. Errors reach us in several
 * shapes: a Prisma error with a P-code (`P1001` can't reach the server, `P1017` connection closed,
 * `P2010` a raw query failed, with the Postgres SQLSTATE in its message), a driver-adapter error whose
 * `cause` carries the SQLSTATE or a kind, a raw `pg` error (SQLSTATE in `code`) or a socket error
 * (`ECONNREFUSED`, `ECONNRESET`), and pg's own "Connection terminated unexpectedly". The raw text is
 * for the server log only; users get one of the sentences below (as formbricks does).
 */

export type DbFailureKind =
  /** The server is down, restarting, refused or dropped the connection: nothing in flight was committed. */
  | "unavailable"
  /** A statement, the transaction or the wait for a pooled connection ran out of time. */
  | "timeout"
  /** Serialization failure or deadlock: retrying the same request is expected to work. */
  | "conflict"
  /** A number does not fit its column (numeric overflow, value out of range). */
  | "out-of-range"
  | "unknown";

/** Prisma P-codes (https://www.prisma.io/docs/orm/reference/error-reference). */
const BY_PRISMA_CODE: Record<string, DbFailureKind> = {
  P1001: "unavailable", // can't reach database server
  P1002: "timeout", // server reached but timed out
  P1008: "timeout", // operations timed out (socket timeout)
  P1017: "unavailable", // server has closed the connection
  P2024: "timeout", // timed out fetching a connection from the pool
  P2028: "timeout", // transaction API error: the transaction timed out or was already closed
  P2034: "conflict", // write conflict or deadlock
  P2020: "out-of-range",
  P1018: "unavailable", // transaction already closed (its connection went away)
};

/** Adapter error kinds (`@prisma/adapter-pg` → `DriverAdapterError.cause.kind`). */
const BY_KIND: Record<string, DbFailureKind> = {
  DatabaseNotReachable: "unavailable",
  ConnectionClosed: "unavailable",
  TransactionAlreadyClosed: "unavailable",
  TooManyConnections: "unavailable",
  SocketTimeout: "timeout",
  TransactionWriteConflict: "conflict",
  ValueOutOfRange: "out-of-range",
};

const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);

/** Postgres SQLSTATE → kind (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
function bySqlState(code: string): DbFailureKind | null {
  if (code.startsWith("08")) return "unavailable"; // connection exception
  if (code === "57P01" || code === "57P02" || code === "57P03" || code === "53300") return "unavailable"; // admin/crash shutdown, cannot connect now, too many connections
  if (code === "57014" || code === "25P03") return "timeout"; // statement cancelled (statement_timeout), idle-in-transaction timeout
  if (code === "40001" || code === "40P01") return "conflict"; // serialization failure, deadlock
  if (code === "22003") return "out-of-range"; // numeric value out of range
  return null;
}

const CONNECTION_TEXT = /Connection terminated|connection (?:is )?closed|terminating connection|server closed the connection|Can't reach database server|the database system is (?:shutting down|starting up|in recovery mode)|Client has encountered a connection error/i;
const TIMEOUT_TEXT = /timed? ?out|timeout/i;

/** Every object reachable through `cause`, `meta`, `driverAdapterError` and `originalError`, nearest first. */
function chain(e: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const queue: unknown[] = [e];
  while (queue.length > 0 && out.length < 12) {
    const x = queue.shift();
    if (!x || typeof x !== "object" || out.includes(x as Record<string, unknown>)) continue;
    const o = x as Record<string, unknown>;
    out.push(o);
    queue.push(o.cause, o.meta, o.driverAdapterError, o.originalError);
  }
  return out;
}

export function dbFailureKind(e: unknown): DbFailureKind {
  const links = chain(e);
  for (const o of links) {
    const code = typeof o.code === "string" ? o.code : typeof o.errorCode === "string" ? o.errorCode : null;
    if (code && BY_PRISMA_CODE[code]) return BY_PRISMA_CODE[code];
    if (code && SOCKET_CODES.has(code)) return "unavailable";
    if (code === "ETIMEDOUT") return "timeout";
    for (const state of [code, o.originalCode]) {
      const kind = typeof state === "string" && /^[0-9A-Z]{5}$/.test(state) ? bySqlState(state) : null;
      if (kind) return kind;
    }
    const kind = typeof o.kind === "string" ? BY_KIND[o.kind] : undefined;
    if (kind) return kind;
  }
  // Last resort, the text: P2010 ("Raw query failed. Code: `57P01`") and pg's plain Errors.
  for (const o of links) {
    const message = typeof o.message === "string" ? o.message : "";
    const state = /Code: `([0-9A-Z]{5})`/.exec(message)?.[1];
    const kind = state ? bySqlState(state) : null;
    if (kind) return kind;
    if (CONNECTION_TEXT.test(message)) return "unavailable";
  }
  for (const o of links) if (typeof o.message === "string" && TIMEOUT_TEXT.test(o.message) && o.name !== "AbortError") return "timeout";
  return "unknown";
}

const IMPORT_MESSAGES: Record<DbFailureKind, string> = {
  unavailable:
    "The database stopped answering while this file was being saved (it may be restarting or unreachable), so nothing from this file was stored. Upload it again once Lotwise is back; if this keeps happening, check that the database is running.",
  timeout: "Saving this file took too long and was stopped, so nothing from this file was stored. Try again; if the file is very large, split it by date range.",
  conflict: "Another change to your ledger was being saved at the same moment, so nothing from this file was stored. Upload it again.",
  "out-of-range": "A number in this file is too large to store, so nothing from this file was stored. Check the file for amounts with more than 20 digits before the decimal point.",
  unknown: "The import could not be saved, so nothing from this file was stored. Try again; if it keeps failing, check the server log.",
};

/**
 * The sentence the upload route shows when `commitImport` throws. Every case says that nothing was
 * stored, which holds because the import is one transaction.
 */
export function importFailureMessage(e: unknown): string {
  return IMPORT_MESSAGES[dbFailureKind(e)];
}
