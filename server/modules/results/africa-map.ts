import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { type GeoPermissibleObjects, geoAzimuthalEqualArea, geoCircle, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPoint, MultiPolygon, Polygon, Position } from 'geojson';
import countries from 'i18n-iso-countries';
import { feature, merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { z } from 'zod';
import stateFile from '../../db/reference/african-un-member-states.json' with { type: 'json' };
import type { africaMapSchema } from './schemas';

export type AfricaMap = z.infer<typeof africaMapSchema>;

const require = createRequire(import.meta.url);

export const MAP_WIDTH = 600;
const PADDING = 8;
/** States drawn smaller than this (in square viewBox units) get a disc, so a finger or pointer can reach them. */
const SMALL_STATE_AREA = 40;
/** Radius of that disc, in degrees of arc on the globe (about 5 viewBox units on this map). */
const MARKER_RADIUS_DEGREES = 0.7;

/**
 * An SVG path context for a small payload: coordinates in tenths of a unit, relative moves after
 * the first point, points that rounding makes repeat dropped, and rings it collapses left out.
 * 50m Natural Earth detail drawn 600 units wide is mostly such points.
 */
class CompactPath {
  private parts: string[] = [];
  /** The current ring, in tenths of a viewBox unit. */
  private ring: [number, number][] = [];

  moveTo(x: number, y: number): void {
    this.flush();
    this.ring = [tenths(x, y)];
  }

  lineTo(x: number, y: number): void {
    const point = tenths(x, y);
    const last = this.ring[this.ring.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) this.ring.push(point);
  }

  closePath(): void {
    this.flush();
  }

  /** The context interface of d3-geo; geoPath calls neither for polygons. */
  beginPath(): void {}
  arc(): void {}

  result(): string {
    this.flush();
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }

  private flush(): void {
    const ring = this.ring;
    this.ring = [];
    if (ring.length < 3) return;
    const [start] = ring as [[number, number]];
    let text = `M${decimal(start[0])},${decimal(start[1])}l`;
    let previous = start;
    ring.slice(1).forEach((point, index) => {
      const dx = decimal(point[0] - previous[0]);
      const dy = decimal(point[1] - previous[1]);
      // A minus sign separates numbers by itself.
      text += `${index > 0 && !dx.startsWith('-') ? ' ' : ''}${dx}${dy.startsWith('-') ? '' : ','}${dy}`;
      previous = point;
    });
    this.parts.push(`${text}z`);
  }
}

const tenths = (x: number, y: number): [number, number] => [Math.round(x * 10), Math.round(y * 10)];

/** A count of tenths as SVG writes it shortest: 12 → 1.2, 5 → .5, -5 → -.5. */
function decimal(value: number): string {
  const text = (value / 10).toString();
  return text.replace(/^(-?)0\./, '$1.');
}

type CountryFeature = Feature<Geometry, { name: string }>;

function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Morocco's boundary with Western Sahara, the parallel 27°40′ north. */
const WESTERN_SAHARA_BOUNDARY = 27 + 40 / 60;

/** The part of a ring on one side of a parallel (Sutherland–Hodgman against one edge; keeps the winding). */
function clipRing(ring: Position[], latitude: number, side: 'north' | 'south'): Position[] {
  const inside = (point: Position) => (side === 'north' ? (point[1] ?? 0) >= latitude : (point[1] ?? 0) <= latitude);
  const kept: Position[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    if (inside(a)) kept.push(a);
    if (inside(a) !== inside(b)) {
      const [ax = 0, ay = 0] = a;
      const [bx = 0, by = 0] = b;
      kept.push([ax + ((latitude - ay) / (by - ay)) * (bx - ax), latitude]);
    }
  }
  return kept.length >= 3 ? [...kept, kept[0] as Position] : [];
}

function clipAtParallel(shape: MultiPolygon, latitude: number, side: 'north' | 'south'): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: shape.coordinates
      .map((polygon) => polygon.map((ring) => clipRing(ring, latitude, side)).filter((ring) => ring.length > 0))
      .filter((polygon) => polygon.length > 0),
  };
}

const asFeature = (geometry: Geometry, name: string): CountryFeature => ({ type: 'Feature', geometry, properties: { name } });

function build(): AfricaMap {
  const topology = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const memberIso2 = new Set(stateFile.states.map((s) => s.iso2));

  // Natural Earth splits Western Sahara along the berm and gives Morocco the western part. United
  // Nations maps show the whole territory apart from Morocco: join the two, then cut at the boundary.
  const isMoroccoOrWesternSahara = (id: string | number | undefined) => id === '504' || id === '732';
  const moroccoAndWesternSahara = merge(
    topology,
    topology.objects.countries.geometries.filter((g) => isMoroccoOrWesternSahara(g.id)) as Parameters<typeof merge>[1],
  );
  const world = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;

  const members = new Map<string, CountryFeature[]>([
    ['MA', [asFeature(clipAtParallel(moroccoAndWesternSahara, WESTERN_SAHARA_BOUNDARY, 'north'), 'Morocco')]],
  ]);
  const others: CountryFeature[] = [
    asFeature(clipAtParallel(moroccoAndWesternSahara, WESTERN_SAHARA_BOUNDARY, 'south'), 'Western Sahara'),
  ];
  for (const country of world.features) {
    if (isMoroccoOrWesternSahara(country.id)) continue;
    // Natural Earth ids are ISO 3166 numeric codes. Natural Earth draws Somaliland apart, without
    // one; the United Nations recognise it as part of Somalia, and so does this map.
    const iso2 =
      country.properties.name === 'Somaliland'
        ? 'SO'
        : country.id === undefined
          ? undefined
          : countries.numericToAlpha2(String(country.id));
    if (iso2 && memberIso2.has(iso2)) members.set(iso2, [...(members.get(iso2) ?? []), country]);
    else others.push(country);
  }
  const missing = [...memberIso2].filter((iso2) => !members.has(iso2));
  if (missing.length > 0) throw new Error(`No shape in world-atlas for ${missing.join(', ')}`);

  // The frame: the member states, without far sub-Antarctic islands (South Africa's Prince Edward Islands).
  const framePoints: MultiPoint = {
    type: 'MultiPoint',
    coordinates: [...members.values()]
      .flat()
      .flatMap((country) =>
        polygonsOf(country.geometry).flatMap((polygon) => (polygon[0] ?? []).filter(([, lat]) => (lat ?? 0) > -40)),
      ),
  };
  // Equal-area, centred on the continent: a choropleth should not make the south look bigger than it is.
  const projection = geoAzimuthalEqualArea()
    .rotate([-18, -2])
    .fitWidth(MAP_WIDTH - 2 * PADDING, framePoints);
  const [[x0, y0], [, y1]] = geoPath(projection).bounds(framePoints);
  const height = Math.ceil(y1 - y0 + 2 * PADDING);
  const [tx, ty] = projection.translate();
  projection.translate([tx - x0 + PADDING, ty - y0 + PADDING]).clipExtent([
    [0, 0],
    [MAP_WIDTH, height],
  ]);

  const context = new CompactPath();
  const path = geoPath(projection, context);
  const measure = geoPath(projection);
  const draw = (shape: GeoPermissibleObjects) => {
    path(shape);
    return context.result();
  };

  const states = [...members.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([iso2, parts]) => {
      let shape = parts.map(draw).join('');
      if (parts.reduce((area, part) => area + measure.area(part), 0) < SMALL_STATE_AREA) {
        // A disc around the main island, wound like the land so that the fill covers both.
        const mainIsland = parts
          .flatMap((part) => polygonsOf(part.geometry))
          .map((polygon): Polygon => ({ type: 'Polygon', coordinates: polygon }))
          .sort((a, b) => measure.area(b) - measure.area(a))[0];
        if (mainIsland) {
          const centre = projection.invert?.(measure.centroid(mainIsland));
          if (centre) shape += draw(geoCircle().center(centre).radius(MARKER_RADIUS_DEGREES).precision(20)());
        }
      }
      return { iso2, path: shape };
    });

  const other = others.map((country) => draw(country)).filter((shape) => shape !== '');
  return { viewBox: `0 0 ${MAP_WIDTH} ${height}`, states, other };
}

let cached: { map: AfricaMap; etag: string } | null = null;

function cachedMap() {
  if (!cached) {
    const map = build();
    const etag = `"${createHash('sha256').update(JSON.stringify(map)).digest('base64url').slice(0, 27)}"`;
    cached = { map, etag };
  }
  return cached;
}

/** The map of Africa for the results page: the 54 member states and the other land in the frame, projected once. */
export function africaMap(): AfricaMap {
  return cachedMap().map;
}

/** A validator of the map's content: it changes only when the map data or its projection do. */
export function africaMapEtag(): string {
  return cachedMap().etag;
}
