/**
 * The API called by URL, typed from the server's own declaration (schema.d.ts, `npm run contract`):
 * the URL picks the route, and the route gives the body, the query and the answer. A URL no route
 * declares does not compile. Requests go through client.ts (CSRF token, sign-in and error handling).
 */
import { api, type QueryParams } from './client';
import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A route of the document, as declared: '/api/meetings/editions/{id}'. */
export type ApiPath<M extends Method = Method> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** '/api/meetings/editions/{id}' as the URLs that reach it: `/meetings/editions/${string}`. */
type Pattern<P extends string> = P extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${Pattern<Tail>}` : P;
type Url<P> = P extends `/api${infer Rest}` ? Pattern<Rest> : never;

type Candidates<U extends string, M extends Method> = { [P in ApiPath<M>]: U extends Url<P> ? P : never }[ApiPath<M>];
type Narrower<K, C> = { [D in Exclude<C, K> & keyof paths]: Url<D> extends Url<K> ? D : never }[Exclude<C, K> & keyof paths];
/** The route a URL reaches: the most specific of those it matches (`/editions/x/badges`, not `/editions/{id}`). */
type RouteOf<U extends string, M extends Method> = {
  [K in Candidates<U, M>]: [Narrower<K, Candidates<U, M>>] extends [never] ? K : never;
}[Candidates<U, M>];

type Json<R> = R extends { content: { 'application/json': infer Body } } ? Body : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? Json<R[S]> : never }[keyof R]
  : never;
type JsonBodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;
/**
 * A form's body as typed in: a field left empty is null or absent until the server refuses it by
 * name (the form checks the same schema first, useSchemaForm.ts); the fields' types are checked.
 */
type Draft<B> = B extends readonly unknown[] ? B : B extends object ? { [K in keyof B]?: B[K] | null } : B;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? ([Q] extends [undefined] ? never : Q) : never;

/** What a route answers on success. */
export type ApiResponse<P extends ApiPath<M>, M extends Method = 'get'> = SuccessOf<Operation<P, M>>;
/** The query parameters a route takes. */
export type ApiQuery<P extends ApiPath<'get'>> = NonNullable<QueryOf<Operation<P, 'get'>>>;
/** The JSON body a route takes. */
export type ApiBody<P extends ApiPath<M>, M extends Method = 'post'> = JsonBodyOf<Operation<P, M>>;

type Routed<U extends string, M extends Method> = [RouteOf<U, M>] extends [never] ? `no ${M} route declares ${U}` : U;
type Reached<U extends string, M extends Method> = Operation<RouteOf<U, M> & keyof paths, M>;

type Options<O> = {
  /** The route's query parameters by name; values go as text, which the server's schema reads. */
  query?: { [K in keyof NonNullable<QueryOf<O>>]?: QueryParams[string] };
  signal?: AbortSignal;
  /** The caller handles 401 itself (the session probe): do not send the user to sign-in. */
  allowUnauthenticated?: boolean;
};

/** The body and the options: a route without a JSON body takes none, or a form (an upload). */
type BodyAndOptions<O> = [JsonBodyOf<O>] extends [never]
  ? [body?: FormData, options?: Options<O>]
  : O extends { requestBody: unknown }
    ? [body: Draft<JsonBodyOf<O>>, options?: Options<O>]
    : [body?: Draft<JsonBodyOf<O>>, options?: Options<O>];

export const http = {
  get: <U extends string>(url: Routed<U, 'get'>, options?: Options<Reached<U, 'get'>>) =>
    api.get<SuccessOf<Reached<U, 'get'>>>(url, options),
  post: <U extends string>(url: Routed<U, 'post'>, ...[body, options]: BodyAndOptions<Reached<U, 'post'>>) =>
    api.post<SuccessOf<Reached<U, 'post'>>>(url, body, options),
  patch: <U extends string>(url: Routed<U, 'patch'>, ...[body, options]: BodyAndOptions<Reached<U, 'patch'>>) =>
    api.patch<SuccessOf<Reached<U, 'patch'>>>(url, body, options),
  put: <U extends string>(url: Routed<U, 'put'>, ...[body, options]: BodyAndOptions<Reached<U, 'put'>>) =>
    api.put<SuccessOf<Reached<U, 'put'>>>(url, body, options),
  delete: <U extends string>(url: Routed<U, 'delete'>, options?: Options<Reached<U, 'delete'>>) =>
    api.delete<SuccessOf<Reached<U, 'delete'>>>(url, options),
};
