import { describe, expect, it } from 'vitest';
import stateFile from '../../db/reference/african-un-member-states.json' with { type: 'json' };
import { africaMap, africaMapEtag } from './africa-map';
import { africaMapSchema } from './schemas';

/** The smallest box holding every coordinate of an SVG path of M/l commands (relative after the first point). */
function boundsOf(path: string) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of path.split('M').filter(Boolean)) {
    const numbers = (ring.match(/-?(\d+\.?\d*|\.\d+)/g) ?? []).map(Number);
    let x = numbers[0] ?? 0;
    let y = numbers[1] ?? 0;
    for (let i = 0; i < numbers.length; i += 2) {
      if (i > 0) {
        x += numbers[i] ?? 0;
        y += numbers[i + 1] ?? 0;
      }
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return { minX, minY, maxX, maxY, width: maxX - minX, height: maxY - minY };
}

describe('map of Africa', () => {
  const map = africaMap();
  const pathOf = (iso2: string) => map.states.find((s) => s.iso2 === iso2)?.path ?? '';
  const [, , width = 0, height = 0] = map.viewBox.split(' ').map(Number);

  it('has one shape for each of the 54 member states, by ISO alpha-2 code, and matches its schema', () => {
    expect(africaMapSchema.parse(map)).toEqual(map);
    expect(map.states.map((s) => s.iso2).sort()).toEqual(stateFile.states.map((s) => s.iso2).sort());
    for (const state of map.states) expect(state.path, state.iso2).toMatch(/^M[-\d.]+,[-\d.]+l/);
  });

  it('puts states where they are: Morocco north-west of Nigeria, South Africa at the south, Cabo Verde west of Senegal', () => {
    const [ma, ng, za, cv, sn, mu, mg] = ['MA', 'NG', 'ZA', 'CV', 'SN', 'MU', 'MG'].map((iso2) => boundsOf(pathOf(iso2)));
    expect(ma?.maxY).toBeLessThan(ng?.minY ?? 0);
    expect(ma?.minX).toBeLessThan(ng?.minX ?? 0);
    expect(za?.maxY).toBeGreaterThan(height * 0.9);
    expect(cv?.maxX).toBeLessThan(sn?.minX ?? 0);
    expect(mu?.minX).toBeGreaterThan(mg?.maxX ?? 0);
    for (const box of [ma, ng, za, cv, sn, mu, mg]) {
      expect(box?.minX).toBeGreaterThanOrEqual(0);
      expect(box?.maxX).toBeLessThanOrEqual(width);
      expect(box?.minY).toBeGreaterThanOrEqual(0);
      expect(box?.maxY).toBeLessThanOrEqual(height);
    }
  });

  it('draws the small island states big enough to point at or tap', () => {
    for (const iso2 of ['CV', 'KM', 'MU', 'ST', 'SC']) {
      const box = boundsOf(pathOf(iso2));
      expect(box.width, iso2).toBeGreaterThanOrEqual(8);
      expect(box.height, iso2).toBeGreaterThanOrEqual(8);
    }
  });

  it('shows Western Sahara apart from Morocco, and Somaliland within Somalia', () => {
    // Morocco ends at the parallel 27°40′ north; the territory south of it is other land.
    const morocco = boundsOf(pathOf('MA'));
    const mauritania = boundsOf(pathOf('MR'));
    expect(morocco.maxY).toBeLessThan(mauritania.minY);
    const westernSahara = map.other.map(boundsOf).find((box) => box.minY < mauritania.minY && box.maxY > morocco.maxY);
    expect(westernSahara).toBeDefined();
    // Natural Earth draws Somaliland apart: had it stayed other land, it would sit inside Somalia's box.
    const somalia = boundsOf(pathOf('SO'));
    const inSomalia = map.other.map(boundsOf).filter((box) => {
      const [x, y] = [box.minX + box.width / 2, box.minY + box.height / 2];
      return x > somalia.minX && x < somalia.maxX && y > somalia.minY && y < somalia.maxY;
    });
    expect(inSomalia).toEqual([]);
  });

  it('is small enough for slow links, and the same on every call', () => {
    expect(JSON.stringify(map).length).toBeLessThan(120_000);
    expect(africaMap()).toBe(map);
    expect(africaMapEtag()).toMatch(/^"[\w-]+"$/);
  });
});
