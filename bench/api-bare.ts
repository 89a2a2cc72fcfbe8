/**
 * The bare baseline of bench:api: Fastify and pg, no Tadrib. For each endpoint it runs exactly the
 * statements the app ran for one request of it (recorded by bench/api.ts) on one pooled connection,
 * as the app does: as the runtime role, under the wall scope each ran under (set only when the
 * connection's changes, as platform/db.ts does), and answers the rows of every statement as JSON (the
 * data the app answered was read by them; answering only the last statement's, as this did, gave the
 * sessions list a 20-byte count against the app's 27 KB page). An answer the app keeps in memory
 * and has written once (the results breakdown's, after its version check) is kept as that text and
 * answered here too: the version's row alone is not what the app sends, and writing the answer
 * anew per request is work the app no longer does. Asked with br accepted, it compresses its answer
 * per request in one call, as a plain server would. An audit row the app wrote is
 * written the same way (the chain's next seq and HMAC), so the baseline does the app's writes too.
 *
 * Run by bench/api.ts: tsx bench/api-bare.ts <statements.json> <database url> <keys dir>
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import Fastify from 'fastify';
import pg from 'pg';
import { chainHash } from '../server/platform/audit';
import { RUNTIME_ROLE } from '../server/platform/db';
import { loadServerKeys } from '../server/platform/keys';
import { ANY_SCOPE } from '../server/platform/wall';

export type RecordedStatement = { text: string; values: unknown[]; rowMode?: string; name?: string; scope: string };
/** Served at /bare/<index in the file>. `kept`: the app's answer's text when it serves one kept in memory (results' answer cache), answered here too. */
export type RecordedEndpoint = { name: string; statements: RecordedStatement[]; kept?: string };

const [file, url, keysDir] = process.argv.slice(2) as [string, string, string];
const endpoints = JSON.parse(readFileSync(file, 'utf8')) as RecordedEndpoint[];
const { keys } = loadServerKeys({ dir: keysDir, fromEnvironment: {} });
const pool = new pg.Pool({ connectionString: url, max: 10 });
const AUDIT_INSERT = /^insert into "audit_log" \(([^)]*)\)/;

/** The app's audit row with this request's place in the chain: seq and prev_hash after `last`. */
function chainedValues(statement: RecordedStatement, last: { seq: number; hash: string } | undefined): unknown[] {
  const columns = (AUDIT_INSERT.exec(statement.text)?.[1] ?? '').split(',').map((c) => c.trim().replaceAll('"', ''));
  const value = (column: string) => statement.values[columns.indexOf(column)];
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? '0'.repeat(64);
  const at = new Date();
  const details = value('details');
  const hash = chainHash(keys.auditChain, prevHash, {
    seq,
    at,
    actorUserId: value('actor_user_id') as string | null,
    actorRole: value('actor_role') as string | null,
    action: value('action') as string,
    outcome: value('outcome') as string,
    recordType: value('record_type') as string | null,
    recordId: value('record_id') as string | null,
    address: value('address') as string | null,
    requestId: value('request_id') as string | null,
    details: typeof details === 'string' ? JSON.parse(details) : null,
  });
  const replaced: Record<string, unknown> = { seq, at: at.toISOString(), prev_hash: prevHash, hash };
  return columns.map((column, i) => (column in replaced ? replaced[column] : statement.values[i]));
}

const asRuntimeRole = new WeakSet<pg.PoolClient>();
const scopes = new WeakMap<pg.PoolClient, string>();
const app = Fastify({ logger: false });
// Each at /bare/<its index>: two endpoints may share a path (the officials search and first page).
for (const [index, endpoint] of endpoints.entries()) {
  app.get(`/bare/${index}`, async (request, reply) => {
    const client = await pool.connect();
    try {
      if (!asRuntimeRole.has(client)) {
        await client.query(`set role ${RUNTIME_ROLE}`);
        asRuntimeRole.add(client);
      }
      const rows: unknown[][] = [];
      let lastAudit: { seq: number; hash: string } | undefined;
      for (const statement of endpoint.statements) {
        if (statement.scope !== ANY_SCOPE && scopes.get(client) !== statement.scope) {
          await client.query("select set_config('tadrib.scope_state', $1, false)", [statement.scope]);
          scopes.set(client, statement.scope);
        }
        const audited = AUDIT_INSERT.test(statement.text);
        const values = audited ? chainedValues(statement, lastAudit) : statement.values;
        const result = await client.query({
          text: statement.text,
          values,
          ...(statement.rowMode ? { rowMode: 'array' } : {}),
          ...(statement.name ? { name: statement.name } : {}),
        });
        if (/^select "seq", "hash" from "audit_log"/.test(statement.text)) {
          const [row] = result.rows as unknown[][];
          lastAudit = row ? { seq: Number(row[0]), hash: String(row[1]) } : undefined;
        }
        if (result.rows?.length) rows.push(result.rows);
      }
      const text =
        endpoint.kept === undefined ? JSON.stringify({ rows }) : `{"rows":${JSON.stringify(rows)},"kept":${endpoint.kept}}`;
      reply.type('application/json');
      // As a browser asks (bench/api.ts, "as a browser asks"): compressed per request in one call.
      if (!/\bbr\b/.test(String(request.headers['accept-encoding'] ?? ''))) return text;
      reply.header('content-encoding', 'br');
      return brotliCompressSync(text, {
        params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 },
      });
    } finally {
      client.release();
    }
  });
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
