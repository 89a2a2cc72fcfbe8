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

/** A 204 answer: done, nothing to return. */
export const noContent = { 204: z.null().describe('Done') } as const;

/**
 * The document's shared schemas (`components.schemas`): each zod schema given an id with
 * `.meta({ id })`, such as the error envelope, written once and referred to by `$ref` from every
 * route. Only those the routes refer to, directly or through another kept schema, are kept (the
 * plugin writes an input and an output copy of each; the error envelope is only ever an answer).
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
  return object;
};
