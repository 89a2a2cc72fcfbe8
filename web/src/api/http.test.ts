import { describe, expectTypeOf, it } from 'vitest';
import type { ApiResponse, http } from './http';

// Checked by the type-check (npm run typecheck): the URL picks the route, the most specific one.
type Get = typeof http.get;
const id = 'a' as string;

describe('the typed client', () => {
  it('answers with the type of the route the URL reaches', () => {
    expectTypeOf<Awaited<ReturnType<typeof edition>>>().toEqualTypeOf<ApiResponse<'/api/meetings/editions/{id}'>>();
    expectTypeOf<Awaited<ReturnType<typeof badges>>>().toEqualTypeOf<ApiResponse<'/api/meetings/editions/{id}/badges'>>();
    expectTypeOf<ApiResponse<'/api/meetings/editions/{id}'>['status']>().toEqualTypeOf<'upcoming' | 'ongoing' | 'past'>();
  });
});

declare const get: Get;
const edition = () => get(`/meetings/editions/${id}`);
const badges = () => get(`/meetings/editions/${id}/badges`);
// @ts-expect-error no route answers this URL
const unknown = () => get(`/meetings/nothing/${id}/here`);
void unknown;
