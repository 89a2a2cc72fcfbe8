import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prefetchResultsPage } from '../features/results/results';
import { earlyKey, forgetEarlyAnswers, prefetchUnfilteredResults } from './early';

const fetched: string[] = [];

beforeEach(() => {
  fetched.length = 0;
  vi.stubGlobal('window', { location: { pathname: '/results', search: '' } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      fetched.push(url);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});

afterEach(() => {
  forgetEarlyAnswers();
  vi.unstubAllGlobals();
});

/** The results page's reads as its route starts them, once every one has answered. */
async function resultsPageReads(permissions: string[]): Promise<void> {
  const queryClient = new QueryClient();
  prefetchResultsPage(queryClient, {}, permissions, 'en');
  await vi.waitFor(() => expect(queryClient.isFetching()).toBe(0));
}

describe('the reads boot.ts starts before the app has arrived', () => {
  it('names a read by its path and its parameters in any order', () => {
    expect(earlyKey('/results/breakdown', '?lang=en&dimension=state')).toBe('/results/breakdown?dimension=state&lang=en');
    expect(earlyKey('/states', '')).toBe('/states');
  });

  it.each([
    ['a focal point', []],
    ['an office officer', ['results.publish']],
  ])('are the results page’s own, for %s: the page asks the network for none of them again', async (_, permissions) => {
    prefetchUnfilteredResults('en');
    expect(fetched).toHaveLength(5);
    await resultsPageReads(permissions);
    expect(fetched).toHaveLength(5);
  });

  it('are taken once, and not at all once forgotten', async () => {
    prefetchUnfilteredResults('en');
    await resultsPageReads([]);
    await resultsPageReads([]);
    expect(fetched).toHaveLength(10);
    prefetchUnfilteredResults('en');
    forgetEarlyAnswers();
    await resultsPageReads([]);
    expect(fetched).toHaveLength(20);
  });

  it('are not started for a filtered view, whose reads depend on the reader’s permissions', () => {
    vi.stubGlobal('window', { location: { pathname: '/results', search: '?state=NG' } });
    prefetchUnfilteredResults('en');
    vi.stubGlobal('window', { location: { pathname: '/', search: '' } });
    prefetchUnfilteredResults('en');
    expect(fetched).toHaveLength(0);
  });
});
