import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Client } from './harness';
import { multipart } from './support';

export type LibraryFile = { id: string; language: string; version: number; textStatus: string; fileName: string };
export type LibraryItem = {
  id: string;
  audience: string;
  title: { text: string; lang: string | null };
  files: LibraryFile[];
  previousVersions: LibraryFile[];
  can: { edit: boolean; upload: boolean; delete: boolean; deleteVersion: boolean };
};
export type Found = {
  items: {
    id: string;
    title: { text: string };
    languages: string[];
    snippet: { text: string; match: boolean }[] | null;
    can: { delete: boolean };
  }[];
  total: number;
  facets: Record<'type' | 'language' | 'pillar' | 'year' | 'state', { value: string; count: number }[]>;
};

/** Uploads a file to an item, returning the response. */
export async function upload(
  client: Client,
  itemId: string,
  language: string,
  file: { name: string; content: Buffer; type?: string },
): Promise<LightMyRequestResponse> {
  const body = await multipart({ language }, file);
  return client.request({ method: 'POST', url: `/api/library/items/${itemId}/files`, ...body });
}

export async function createItem(client: Client, body: Record<string, unknown>): Promise<LibraryItem> {
  const res = await client.post('/api/library/items', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function search(client: Client, query: string): Promise<Found> {
  const res = await client.get(`/api/library/items?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The text of a snippet, its matches in [brackets]. */
export const snippetText = (snippet: { text: string; match: boolean }[] | null): string =>
  (snippet ?? []).map((r) => (r.match ? `[${r.text}]` : r.text)).join('');
