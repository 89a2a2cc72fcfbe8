import fc from 'fast-check';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import type { ServerKeys } from './keys';
import { answerSerializerCompiler, keepWritten, writesAsItself } from './serializer';

/** Every route's answer schema, as the app hands it to its serializer compiler at start-up. */
type CompiledRoute = Parameters<FastifySerializerCompiler<$ZodType>>[0];
const compiled = vi.hoisted(() => [] as CompiledRoute[]);
vi.mock('./serializer', async (original) => {
  const actual = await original<typeof import('./serializer')>();
  return {
    ...actual,
    answerSerializerCompiler: (options: { check: boolean }) => {
      const compile = actual.answerSerializerCompiler(options);
      return (route: CompiledRoute) => {
        compiled.push(route);
        return compile(route);
      };
    },
  };
});

/** Strings that test the writer's escaping: quotes, backslashes, controls, lone surrogates, other scripts. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('"', '\\', '\u0000', '\n\t', 'x\ud800y', '\udc00', '\u2028', 'محمد ولد أحمد', 'é'.repeat(5000), ''),
);

/** Times zod's ISO formats accept (four-digit years). */
const days = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });

type Def = {
  type: string;
  shape?: Record<string, $ZodType>;
  element?: $ZodType;
  items?: $ZodType[];
  options?: $ZodType[];
  innerType?: $ZodType;
  keyType?: $ZodType;
  valueType?: $ZodType;
  format?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
};

/** Sample values of a plain schema (serializer.ts: writesAsItself), fields it does not declare included. */
function sample(schema: $ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = schema._zod.def as unknown as Def;
  const bag = schema._zod.bag as { format?: string; minimum?: number; maximum?: number };
  const format = (schema._zod.def as { format?: string }).format ?? bag.format;
  const inner = (part: $ZodType | undefined) => (depth > 8 || !part ? fc.constant(null) : sample(part, depth + 1));
  switch (def.type) {
    case 'string':
      if (format === 'datetime') return days.map((d) => d.toISOString());
      if (format === 'uuid') return fc.uuid();
      if (format === 'email') return fc.emailAddress();
      if (format === 'date') return days.map((d) => d.toISOString().slice(0, 10));
      return awkwardText;
    case 'number':
      return format?.includes('int')
        ? fc.integer({ min: Math.max(bag.minimum ?? -(2 ** 31), -(2 ** 53)), max: Math.min(bag.maximum ?? 2 ** 31, 2 ** 53) })
        : fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(-0));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'object': {
      const fields = Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, part]) => [key, inner(part)]));
      return fc
        .tuple(fc.record(fields, { requiredKeys: [] }), fc.record(fields), fc.boolean())
        .map(([some, all, extra]) => ({ ...all, ...some, ...(extra ? { undeclared: 'written by zod? no' } : {}) }));
    }
    case 'array':
      return fc.array(inner(def.element), { maxLength: 3 });
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map(inner));
    case 'record':
      return fc.dictionary(inner(def.keyType) as fc.Arbitrary<string>, inner(def.valueType), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map(inner));
    case 'optional':
      return fc.option(inner(def.innerType), { nil: undefined });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const keys = {} as ServerKeys;

describe('answers written from their JSON Schema', () => {
  it("writes every route's sample answers byte for byte as zod's encoding does", async () => {
    const config = loadConfig({ TADRIB_CHECK_RESPONSES: 'false', LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, db: {} as never, databaseKind: 'pglite', keys, serveWeb: false, logger: false });
    await app.ready();
    await app.close();
    const plain = compiled.filter((route) => writesAsItself(route.schema));
    // The routes' answers, their error answers included, are nearly all plain: they must stay so.
    expect(plain.length).toBeGreaterThan(400);
    expect(compiled.length - plain.length).toBeLessThan(20);
    const write = answerSerializerCompiler({ check: false });
    let compared = 0;
    // One route per schema: every route's error answers share theirs, and HEAD shares GET's.
    const routes = [...new Map(plain.map((route) => [route.schema, route])).values()];
    for (const route of routes) {
      const ours = write(route);
      const zods = zodSerializerCompiler(route);
      fc.assert(
        fc.property(sample(route.schema), (answer) => {
          const encoded = z.safeEncode(route.schema, answer);
          fc.pre(encoded.success);
          compared += 1;
          expect(ours(answer), `${route.method} ${route.url} ${route.httpStatus}`).toBe(zods(answer));
        }),
        { numRuns: 20, seed: 20261207, maxSkipsPerRun: 20 },
      );
    }
    expect(compared).toBeGreaterThan(routes.length * 10);
  }, 120_000);

  it('refuses an answer that breaks its schema, or one written otherwise than zod would, when checking', () => {
    const schema = z.object({ name: z.string(), at: z.iso.datetime().nullable() });
    const route = { schema, method: 'GET', url: '/x', httpStatus: '200' } as CompiledRoute;
    const checked = answerSerializerCompiler({ check: true })(route);
    expect(checked({ name: 'a', at: null, secret: 'x' })).toBe('{"name":"a","at":null}');
    expect(() => checked({ name: 1, at: null })).toThrow();
    // Unchecked, the writer writes what the schema declares and does not validate.
    expect(answerSerializerCompiler({ check: false })(route)({ name: 1, at: null })).toBe('{"name":"1","at":null}');
    // A date is written by zod's encoding: the written value would differ from the schema's.
    const dated = { ...route, schema: z.object({ at: z.date() }) } as CompiledRoute;
    expect(writesAsItself(dated.schema)).toBe(false);
  });

  it('writes an answer kept unchanged once per schema, and a fresh answer every time', () => {
    const schema = z.object({ rows: z.array(z.object({ n: z.number() })) });
    const route = { schema, method: 'GET', url: '/x', httpStatus: '200' } as CompiledRoute;
    const write = answerSerializerCompiler({ check: false })(route);
    const other = answerSerializerCompiler({ check: false })({ ...route, schema: z.object({ rows: z.array(z.unknown()) }) });
    // Not frozen here, only to show that the kept text is what is answered: the cache freezes its answers.
    const kept = keepWritten({ rows: [{ n: 1 }] });
    const fresh = { rows: [{ n: 1 }] };
    expect(write(kept)).toBe('{"rows":[{"n":1}]}');
    expect(write(fresh)).toBe('{"rows":[{"n":1}]}');
    kept.rows.push({ n: 2 });
    fresh.rows.push({ n: 2 });
    expect(write(kept)).toBe('{"rows":[{"n":1}]}');
    expect(write(fresh)).toBe('{"rows":[{"n":1},{"n":2}]}');
    expect(other(kept)).toBe('{"rows":[{"n":1},{"n":2}]}');
  });
});
