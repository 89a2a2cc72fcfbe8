import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError, serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';

/**
 * The zod types whose encoding is the value itself (no codec, transform, default or date), so that
 * writing the value from the schema's JSON Schema gives the bytes zod's encoding would.
 */
const plainTypes = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'literal',
  'enum',
  'object',
  'array',
  'tuple',
  'record',
  'union',
  'optional',
  'nullable',
  'unknown',
  'any',
]);

type Def = {
  type: string;
  shape?: Record<string, $ZodType>;
  element?: $ZodType;
  items?: $ZodType[];
  rest?: $ZodType | null;
  options?: $ZodType[];
  innerType?: $ZodType;
  keyType?: $ZodType;
  valueType?: $ZodType;
  catchall?: $ZodType;
};

/** Whether every part of the schema encodes as itself. */
export function writesAsItself(schema: $ZodType, seen = new Set<$ZodType>()): boolean {
  if (seen.has(schema)) return true;
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (!plainTypes.has(def.type)) return false;
  const parts = [
    ...Object.values(def.shape ?? {}),
    ...(def.items ?? []),
    ...(def.options ?? []),
    def.element,
    def.rest,
    def.innerType,
    def.keyType,
    def.valueType,
    def.catchall,
  ];
  return parts.every((part) => !part || writesAsItself(part, seen));
}

/**
 * The answer's JSON Schema as the OpenAPI document derives it (target OpenAPI 3.0, the schema's
 * output), without `additionalProperties: false`: zod drops undeclared fields where that keyword
 * would make a union's branch refuse the value, and the writer writes only declared fields anyway.
 */
export function answerJsonSchema(schema: $ZodType): object {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'output',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
  });
  return JSON.parse(JSON.stringify(json), (key, value) =>
    key === 'additionalProperties' && value === false ? undefined : value,
  );
}

type Writer = (data: unknown) => string;
const writers = new WeakMap<$ZodType, Writer>();

/**
 * Answers that never change: the results' answers kept in memory, frozen all the way down
 * (modules/results/answer-cache.ts), each asked for again and again. Each is written once per
 * schema, and its text answered from then on: writing a breakdown's 12 kB made a fifth of the
 * memory its request allocated.
 */
const unchanging = new WeakSet<object>();
const writtenText = new WeakMap<$ZodType, WeakMap<object, string>>();

/** Marks an answer frozen all the way down, so that its text is written once and kept beside it. */
export function keepWritten<T>(answer: T): T {
  if (answer && typeof answer === 'object') unchanging.add(answer);
  return answer;
}

/** Whether `answer` is kept and written once (platform/answer-compression.ts compresses those once too). */
export function isKeptWritten(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && unchanging.has(answer);
}

/**
 * A schema's writer is compiled when its route first answers, and once per schema for every app of
 * the process: compiling all of them at start-up took 5–7 s (the API tests start hundreds of apps).
 */
function writerOf(schema: $ZodType): Writer {
  let writer = writers.get(schema);
  if (!writer) {
    writer = fastJson(answerJsonSchema(schema) as Parameters<typeof fastJson>[0]) as Writer;
    writers.set(schema, writer);
  }
  return writer;
}

/**
 * Answers are written by a function compiled once per route and status by
 * fast-json-stringify from the answer's JSON Schema: only declared fields are written, and no zod
 * schema runs per request. A schema whose encoding changes the value (a codec, a default, a date)
 * keeps zod's encoding. With `check` (the tests; TADRIB_CHECK_RESPONSES in production) each answer
 * is also encoded through its zod schema, and an answer that breaks it, or whose written bytes
 * differ from that encoding's, fails as zod's refusal does (a 500, logged).
 */
export function answerSerializerCompiler(options: { check: boolean }): FastifySerializerCompiler<$ZodType> {
  return (route) => {
    const schema = route.schema;
    const zodWrite = zodSerializerCompiler(route);
    if (!writesAsItself(schema)) return zodWrite;
    const write = (data: unknown) => {
      if (!data || typeof data !== 'object' || !unchanging.has(data)) return writerOf(schema)(data);
      const kept = writtenText.get(schema) ?? new WeakMap<object, string>();
      writtenText.set(schema, kept);
      let text = kept.get(data);
      if (text === undefined) {
        text = writerOf(schema)(data);
        kept.set(data, text);
      }
      return text;
    };
    if (!options.check) return write;
    return (data) => {
      const expected = zodWrite(data);
      const written = write(data);
      if (written !== expected) {
        let at = 0;
        while (written[at] === expected[at]) at += 1;
        const around = (text: string) => text.slice(Math.max(0, at - 80), at + 80);
        const message = `the written answer differs from zod's encoding at character ${at}: ${around(written)} | ${around(expected)}`;
        const cause = new z.ZodError([{ code: 'custom', path: [], input: data, message }]);
        throw new ResponseSerializationError(route.method, route.url, { cause });
      }
      return written;
    };
  };
}
