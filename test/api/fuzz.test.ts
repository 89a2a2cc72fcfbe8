import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse, createNomination, createOfficial, createSession } from './delivery-fixtures';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';

/**
 * A schema-driven fuzz of every operation of the OpenAPI document: requests built by fast-check
 * from each operation's path, query and body schemas, mixed with hostile values (deep nesting,
 * lone surrogates, NUL, integers beyond any column, wrong types, long strings), sent as a
 * programme officer and as an anonymous caller. No answer may be a 5xx.
 *
 * Reproduce a run with TADRIB_FUZZ_SEED=<seed printed>; TADRIB_FUZZ_RUNS sets the requests per
 * operation and caller (default 8: about a minute per database on a shared two-core machine).
 */
const SEED = Number(process.env.TADRIB_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.TADRIB_FUZZ_RUNS ?? 8);

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};
type Parameter = { in: 'path' | 'query'; name: string; required?: boolean; schema: JsonSchema };
type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
};
type Request = { url: string; payload?: string };

const deepObject = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** Values no field should take without a 4xx. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('x\ud800y', '\udc00', 'a\u0000b', '\u0000', 'x'.repeat(70_000), '', ' ', '🌍\ud83d'),
  fc.constantFrom(2147483648, -2147483649, 2 ** 53 + 2, 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER),
  fc.constant(deepObject(200)),
  fc.constantFrom(null, true, [], {}, [[[]]], { constructor: { prototype: {} } }),
  fc.anything({ maxDepth: 3, maxKeys: 4 }),
);

/** Hostile text for a path or query parameter (already percent-encoded where it must be). */
const hostileParameter: fc.Arbitrary<string> = fc.constantFrom(
  '%ED%A0%80',
  '%00',
  '%E0%A4%A',
  '2147483648',
  '-1',
  '1e400',
  'NaN',
  'x'.repeat(3_000),
  '%F0%9F%8C%8D',
  '..%2F..%2Fetc%2Fpasswd',
  "'; drop table users; --",
  '',
);

function withHostile<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
}

/** An arbitrary of values that mostly follow a JSON schema (ids drawn from the database where a uuid is asked). */
function arbitraryOf(schema: JsonSchema, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const plain = plainArbitraryOf(schema, ids, depth);
  const maybeNull = schema.nullable ? fc.oneof(plain, fc.constant(null)) : plain;
  return depth === 0 ? maybeNull : withHostile(maybeNull);
}

function plainArbitraryOf(schema: JsonSchema, ids: string[], depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, ids, depth + 1)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema, ids);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? schema.exclusiveMinimum ?? -1000, -2147483648),
        max: Math.min(schema.maximum ?? 10_000, 2147483647),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1000,
        max: schema.maximum ?? 1_000_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? arbitraryOf(schema.items, ids, depth + 1) : fc.anything({ maxDepth: 1 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const record = fc.record(Object.fromEntries(properties.map(([k, s]) => [k, arbitraryOf(s, ids, depth + 1)])), {
        requiredKeys: properties.map(([k]) => k).filter((k) => required.has(k)),
      });
      // Now and then a field the schema does not know, or one it requires left out.
      return fc.oneof(
        { arbitrary: record, weight: 6 },
        { arbitrary: record.map((r) => ({ ...r, unexpectedField: 'x' })), weight: 1 },
        {
          arbitrary: record.map((r) => Object.fromEntries(Object.entries(r).slice(1))),
          weight: 1,
        },
      );
    }
    default:
      return fc.anything({ maxDepth: 2, maxKeys: 3 });
  }
}

function stringOf(schema: JsonSchema, ids: string[]): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 300);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  switch (schema.format) {
    case 'uuid':
      return ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
    case 'date':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= Math.max(maxLength, 1) * 4);
    } catch {
      // A pattern fast-check cannot generate from: any text of the right length.
    }
  }
  return fc.string({ minLength, maxLength, unit: 'binary' });
}

/** The operations of the OpenAPI document. */
function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } };
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** Percent-encodes text for a URL; a lone surrogate (which has no UTF-8) goes as the bytes of one. */
function encoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

/** Requests for one operation: from its schemas, with hostile parameters and bodies among them. */
function requestsOf(op: Operation, ids: string[]): fc.Arbitrary<Request> {
  const parameter = (p: Parameter): fc.Arbitrary<string | undefined> => {
    const valid = arbitraryOf(p.schema, ids, 1).map((v) => encoded(asText(v)));
    const value = fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: hostileParameter, weight: 1 });
    return p.required || p.in === 'path' ? value : fc.option(value, { nil: undefined });
  };
  const parameters = fc.tuple(...op.parameters.map(parameter));
  const body: fc.Arbitrary<string | undefined> = op.body
    ? fc.oneof(
        { arbitrary: arbitraryOf(op.body, ids).map((v) => JSON.stringify(v)), weight: 8 },
        { arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null'), weight: 1 },
        {
          arbitrary: fc.constantFrom(
            `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
            `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
            '{"a":"x\\ud800y"}',
            '{"__proto__":{"polluted":true}}',
            '{"a":',
            '',
          ),
          weight: 1,
        },
      )
    : fc.constant(undefined);
  return fc.tuple(parameters, body).map(([values, payload]) => {
    let url = op.path;
    const query: string[] = [];
    op.parameters.forEach((p, i) => {
      const value = values[i];
      if (p.in === 'path') url = url.replace(`{${p.name}}`, value || 'x');
      else if (value !== undefined) query.push(`${encodeURIComponent(p.name)}=${value}`);
    });
    return { url: query.length ? `${url}?${query.join('&')}` : url, payload };
  });
}

describe(`fuzz of every API operation (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    // Some records, so that drawn ids reach past "not found".
    const course = await createCourse(t.db);
    const session = await createSession(t.db, { courseId: course.id, status: 'open', quotas: { NG: 3 } });
    const official = await createOfficial(t.db, { stateIso2: 'NG' });
    await createNomination(t.db, session.id, official.id, 'accepted');
    const tables = (await t.db.execute(
      sql`select table_name from information_schema.columns
          where table_schema = 'public' and column_name = 'id' and data_type = 'uuid' order by table_name`,
    )) as unknown as { rows: { table_name: string }[] };
    for (const { table_name } of tables.rows) {
      const rows = (await t.db.execute(sql`select id::text as id from ${sql.identifier(table_name)} limit 3`)) as unknown as {
        rows: { id: string }[];
      };
      ids.push(...rows.rows.map((r) => r.id));
    }
    ids = [...new Set(ids)];
  });
  afterAll(async () => t?.close());

  it('answers no request with a 5xx', async () => {
    console.log(`fuzz seed ${SEED} (TADRIB_FUZZ_SEED), ${RUNS} requests per operation and caller`);
    const operations = operationsOf(t.app.swagger() as never)
      // Signing out ends the officer's session: it goes last.
      .sort((a, b) => Number(a.path.startsWith('/api/auth')) - Number(b.path.startsWith('/api/auth')));
    const failures: string[] = [];
    let sent = 0;
    const answers = new Map<string, number>();
    for (const [index, op] of operations.entries()) {
      const samples = fc.sample(requestsOf(op, ids), { seed: SEED + index, numRuns: RUNS * 2 });
      for (const [n, request] of samples.entries()) {
        const caller = n % 2 === 0 ? officer : t.anonymous;
        let response: LightMyRequestResponse;
        try {
          response = await caller.request({
            method: op.method as 'GET',
            url: request.url,
            ...(request.payload === undefined
              ? {}
              : { payload: request.payload, headers: { 'content-type': 'application/json' } }),
          });
        } catch (error) {
          failures.push(`${op.method} ${request.url.slice(0, 200)} threw ${(error as Error).message}`);
          continue;
        }
        sent += 1;
        const kind = `${Math.floor(response.statusCode / 100)}xx`;
        answers.set(kind, (answers.get(kind) ?? 0) + 1);
        const pdfUnavailable = response.statusCode === 503 && response.body.includes('PDF_RENDERER_UNAVAILABLE');
        if (response.statusCode >= 500 && !pdfUnavailable) {
          failures.push(
            `${op.method} ${request.url.slice(0, 200)} as ${caller === officer ? 'officer' : 'anonymous'} -> ${response.statusCode} ${response.body.slice(0, 200)}; body ${request.payload?.slice(0, 300)}`,
          );
        }
      }
    }
    console.log(
      `fuzz: ${sent} requests to ${operations.length} operations (${[...answers].map(([k, n]) => `${n} × ${k}`).join(', ')}); ${failures.length} answered 5xx`,
    );
    expect(operations.length).toBeGreaterThan(100);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});
