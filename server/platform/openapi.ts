import type { SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelope } from './http';

/** The error responses every guarded route can give, for the OpenAPI document. */
export const errorResponses = {
  400: errorEnvelope.describe('Invalid input: the message and details name the field'),
  401: errorEnvelope.describe('Not signed in'),
  403: errorEnvelope.describe('Not allowed (role, sign-in step or CSRF token)'),
  404: errorEnvelope.describe('Not found'),
  409: errorEnvelope.describe('Conflicts with existing data'),
  422: errorEnvelope.describe('Breaks a rule of the domain: the message names it'),
} as const;

/** The names the usual error answers are written once under in the document (`components.responses`). */
const errorAnswerNames: Record<keyof typeof errorResponses, string> = {
  400: 'InvalidInput',
  401: 'NotSignedIn',
  403: 'NotAllowed',
  404: 'NotFound',
  409: 'Conflict',
  422: 'RuleBroken',
};

/** A 204 answer: done, nothing to return. */
export const noContent = { 204: z.null().describe('Done') } as const;

/**
 * The document's shared schemas (`components.schemas`): each zod schema given an id with
 * `.meta({ id })`, such as the error envelope, written once and referred to by `$ref` from every
 * route. Only those the routes refer to, directly or through another kept schema, are kept (the
 * plugin writes an input and an output copy of each; the error envelope is only ever an answer).
 * The usual error answers themselves are written once too (`components.responses`), so that each
 * route's 400…422 is one reference and the web's schema.d.ts one line for each.
 */
type OpenApiObject = Extract<Parameters<SwaggerTransformObject>[0], { openapiObject: unknown }>['openapiObject'];

export const sharedSchemas: SwaggerTransformObject = (document) => {
  const object = jsonSchemaTransformObject(document) as OpenApiObject;
  const schemas = object.components?.schemas ?? {};
  const kept = new Set<string>();
  let referring = JSON.stringify(object.paths);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, schema] of Object.entries(schemas)) {
      if (kept.has(id) || !referring.includes(`"#/components/schemas/${id}"`)) continue;
      kept.add(id);
      referring += JSON.stringify(schema);
      grew = true;
    }
  }
  for (const id of Object.keys(schemas)) if (!kept.has(id)) delete schemas[id];
  // The object is typed for OpenAPI 3.0 or 3.1, whose answer types TypeScript will not unite.
  const components = { ...object.components, responses: sharedErrorAnswers(object.paths ?? {}) };
  object.components = components as OpenApiObject['components'];
  return object;
};

type Answers = Record<string, { description?: string } | { $ref: string }>;

/** Replaces each usual error answer by a reference to its one copy, which it returns by name. */
function sharedErrorAnswers(paths: NonNullable<OpenApiObject['paths']>): Answers {
  const shared: Answers = {};
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations ?? {})) {
      const answers = (operation as { responses?: Answers }).responses ?? {};
      for (const [status, name] of Object.entries(errorAnswerNames)) {
        const answer = answers[status];
        const usual = errorResponses[Number(status) as keyof typeof errorResponses].description;
        if (!answer || !('description' in answer) || answer.description !== usual) continue;
        shared[name] ??= answer;
        answers[status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  return shared;
}
