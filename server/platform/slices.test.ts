import { describe, expect, it } from 'vitest';
import { mapInSlices } from './slices';

describe('mapInSlices', () => {
  it('maps every item in order', async () => {
    expect(await mapInSlices([1, 2, 3, 4, 5], (n) => n * 2, 2)).toEqual([2, 4, 6, 8, 10]);
  });

  it('lets other work run between slices (a health check during a long import check)', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other request'));
    await mapInSlices(
      Array.from({ length: 10 }, (_, i) => i),
      (i) => order.push(`item ${i}`),
      5,
    );
    expect(order.indexOf('other request')).toBe(5);
  });
});
