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
