import { Button, Card, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, type MouseEvent, type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { africaMapQuery, classOf, colourClasses, type DashboardRow, type ResultsFilters } from './results';
import classes from './results.module.css';

type AfricaMapProps = {
  /** The dashboard's figures by member state (ISO alpha-2 keys). */
  rows: DashboardRow[];
  filters: ResultsFilters;
  openRecords: boolean;
  /** Whether small figures are withheld for this reader (the legend then explains the hatching). */
  suppression: boolean;
};

/**
 * Light to dark blues (ColorBrewer "Blues", told apart by readers with any colour vision), one per
 * class of the scale; fewer classes take evenly spaced shades. The lightest stays clear of the sea.
 */
const SHADES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
/**
 * Dots over each shade, denser class by class (none on the lightest), so that the classes are
 * told apart without seeing colour (WCAG 1.4.1): the gap between dots, in map units, per shade.
 */
const DOT_GAPS = [0, 7, 5, 4, 3];
/** Dark dots on the two light shades, white ones on the dark shades. */
const DOT_COLOURS = ['#08306b', '#08306b', '#ffffff', '#ffffff', '#ffffff'];
const NO_FIGURE = 'var(--mantine-color-gray-4)';
const WITHHELD = 'url(#results-map-withheld)';

/** A state's figures, following the mouse, or pinned by a tap or keyboard focus. */
type Tip = { iso2: string; x: number; y: number; pinned: false | 'touch' | 'keyboard' };

/** Above the point, or below it near the top edge; never past the sides of the map (the card clips). */
function tipPlacement(tip: Tip, width: number) {
  const half = 110;
  const left = width > 2 * half ? Math.min(Math.max(tip.x, half), width - half) : width / 2;
  return tip.y < 120 ? { left, top: tip.y, transform: 'translate(-50%, 16px)' } : { left, top: tip.y };
}

/**
 * Choropleth of officials trained per member state. A pointer shows a state's figures as it
 * passes; a tap or keyboard focus pins them (with a link to the records, for those who may open
 * them); a click or Enter opens the records of the state.
 */
export function AfricaMap({ rows, filters, openRecords, suppression }: AfricaMapProps) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const navigate = useNavigate();
  const shapes = useQuery(africaMapQuery);
  const memberStates = useMemberStates();
  const frame = useRef<HTMLDivElement>(null);
  const lastPointer = useRef<string>('mouse');
  const [tip, setTip] = useState<Tip | null>(null);

  const byState = new Map(rows.map((row) => [row.key, row]));
  const scale = colourClasses(rows.map((row) => row.officialsTrained ?? 0));
  const levels = scale.map((_, i) => Math.round((i * (SHADES.length - 1)) / Math.max(1, scale.length - 1)));
  const classFill = (index: number) => `url(#results-map-class-${index})`;
  const fillOf = (iso2: string) => {
    const row = byState.get(iso2);
    if (!row || row.officialsTrained === null) return row?.suppressed ? WITHHELD : NO_FIGURE;
    const index = classOf(row.officialsTrained, scale);
    return index < 0 ? NO_FIGURE : classFill(index);
  };
  const figure = (value: number | null | undefined, suppressed: boolean) =>
    value === null || value === undefined ? (suppressed ? t('results.figure.withheldShort') : '0') : formatNumber(value);
  const describe = (iso2: string) => {
    const row = byState.get(iso2);
    const name = memberStates.nameOf(iso2);
    if (!row) return t('results.map.stateNone', { state: name });
    if (row.suppressed && row.officialsTrained === null) return t('results.map.stateWithheld', { state: name });
    return t('results.map.stateFigures', {
      state: name,
      officials: figure(row.officialsTrained, row.suppressed),
      participations: figure(row.participations, row.suppressed),
      women: figure(row.women, row.suppressed),
    });
  };

  const openState = (iso2: string) => {
    if (!openRecords) return;
    void navigate({ to: '/results/records', search: { measure: 'officials', ...filters, state: iso2 } });
  };
  const placeAt = (clientX: number, clientY: number) => {
    const box = frame.current?.getBoundingClientRect();
    return { x: clientX - (box?.left ?? 0), y: clientY - (box?.top ?? 0) };
  };
  const pinOver = (iso2: string, element: Element, by: 'touch' | 'keyboard') => {
    const box = element.getBoundingClientRect();
    setTip({ iso2, ...placeAt(box.left + box.width / 2, box.top + box.height / 2), pinned: by });
  };
  const follow = (iso2: string) => (event: PointerEvent<SVGPathElement>) => {
    if (event.pointerType !== 'mouse') return;
    setTip({ iso2, ...placeAt(event.clientX, event.clientY), pinned: false });
  };
  const onClick = (iso2: string) => (event: MouseEvent<SVGPathElement>) => {
    event.stopPropagation();
    // On a touch screen the first tap shows the figures; a second tap on the same state opens them.
    if (lastPointer.current !== 'mouse' && !(tip?.pinned && tip.iso2 === iso2)) {
      pinOver(iso2, event.currentTarget, 'touch');
      return;
    }
    openState(iso2);
  };
  const onKeyDown = (iso2: string) => (event: KeyboardEvent<SVGPathElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openState(iso2);
    } else if (event.key === 'Escape') {
      setTip(null);
    }
  };

  const tipRow = tip ? byState.get(tip.iso2) : undefined;

  return (
    <Card withBorder padding="md" data-testid="results-map">
      <Stack gap={4} mb="sm">
        <Title order={3} size="h5">
          {t('results.map.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {openRecords ? t('results.map.hint') : t('results.map.hintNoRecords')}
        </Text>
      </Stack>
      {shapes.isError && <ErrorAlert error={shapes.error} />}
      {shapes.isPending && <Loader aria-label={t('common.loading')} />}
      {shapes.data && (
        <div
          ref={frame}
          className={classes.mapFrame}
          onPointerDownCapture={(event) => {
            lastPointer.current = event.pointerType;
          }}
        >
          {/* Clicks on the sea close a pinned state; keyboard users close it with Escape or by moving on. */}
          {/* biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/useSemanticElements: Escape on a state closes it too; an SVG cannot be a fieldset */}
          <svg
            viewBox={shapes.data.viewBox}
            className={classes.map}
            role="group"
            aria-label={t('results.map.label')}
            onClick={() => setTip(null)}
            data-testid="map-svg"
          >
            <defs>
              {levels.map((level, i) => (
                <ClassPattern key={level} id={`results-map-class-${i}`} level={level} />
              ))}
              <pattern id="results-map-withheld" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="4" height="4" fill="var(--mantine-color-gray-2)" />
                <line x1="0" y1="0" x2="0" y2="4" stroke="var(--mantine-color-gray-6)" strokeWidth="2" />
              </pattern>
            </defs>
            {shapes.data.other.map((path) => (
              <path key={path.slice(0, 40)} d={path} className={classes.mapOther} aria-hidden />
            ))}
            {shapes.data.states.map((state) => (
              // biome-ignore lint/a11y/noStaticElementInteractions: an SVG shape given a role and keyboard handling
              <path
                key={state.iso2}
                d={state.path}
                fill={fillOf(state.iso2)}
                className={`${classes.mapState} ${tip?.iso2 === state.iso2 ? classes.mapStateActive : ''}`}
                role={openRecords ? 'link' : 'img'}
                tabIndex={0}
                aria-label={describe(state.iso2)}
                onPointerEnter={follow(state.iso2)}
                onPointerMove={follow(state.iso2)}
                onPointerLeave={(event) => {
                  if (event.pointerType === 'mouse') setTip((current) => (current?.pinned ? current : null));
                }}
                onClick={onClick(state.iso2)}
                onFocus={(event) => {
                  // Keyboard focus only: a click or tap also focuses, and handles the tip itself.
                  if (event.currentTarget.matches(':focus-visible')) pinOver(state.iso2, event.currentTarget, 'keyboard');
                }}
                onBlur={(event) => {
                  // Tabbing into the tip's link keeps it; leaving the map closes it.
                  if (frame.current?.contains(event.relatedTarget as Node | null)) return;
                  setTip((current) => (current?.pinned === 'keyboard' ? null : current));
                }}
                onKeyDown={onKeyDown(state.iso2)}
                data-testid="map-state"
                data-iso2={state.iso2}
              />
            ))}
          </svg>
          {tip && (
            <Paper
              shadow="md"
              withBorder
              p="xs"
              className={`${classes.mapTip} ${tip.pinned ? classes.mapTipInteractive : ''}`}
              style={tipPlacement(tip, frame.current?.clientWidth ?? 0)}
              role="status"
              data-testid="map-tip"
            >
              <Text fw={700} size="sm" data-testid="map-tip-name">
                {memberStates.nameOf(tip.iso2)}
              </Text>
              {!tipRow ? (
                <Text size="sm" c="dimmed">
                  {t('results.map.none')}
                </Text>
              ) : tipRow.suppressed && tipRow.officialsTrained === null ? (
                <Text size="sm" c="dimmed">
                  {t('results.figure.withheld')}
                </Text>
              ) : (
                <Stack gap={0}>
                  <Text size="sm" data-testid="map-tip-officials" data-value={tipRow.officialsTrained ?? ''}>
                    {t('results.measures.officialsTrained')}: <b>{figure(tipRow.officialsTrained, tipRow.suppressed)}</b>
                  </Text>
                  <Text size="sm">
                    {t('results.measures.participations')}: <b>{figure(tipRow.participations, tipRow.suppressed)}</b>
                  </Text>
                  <Text size="sm">
                    {t('results.measures.women')}: <b>{figure(tipRow.women, tipRow.suppressed)}</b>
                  </Text>
                </Stack>
              )}
              {tip.pinned && openRecords && tipRow && (
                <Button size="compact-xs" variant="light" mt={6} onClick={() => openState(tip.iso2)}>
                  {t('results.figure.records')}
                </Button>
              )}
            </Paper>
          )}
        </div>
      )}
      <Group gap="sm" mt="sm" aria-label={t('results.map.legend')} role="list" data-testid="map-legend">
        <Text size="xs" fw={600}>
          {t('results.map.legend')}
        </Text>
        {scale.map((range, i) => (
          <Group key={range.from} gap={4} role="listitem">
            <svg width="12" height="12" aria-hidden className={classes.swatch}>
              <rect width="12" height="12" fill={classFill(i)} />
            </svg>
            <Text size="xs">
              {range.from === range.to
                ? formatNumber(range.from)
                : t('results.map.range', { from: formatNumber(range.from), to: formatNumber(range.to) })}
            </Text>
          </Group>
        ))}
        <Group gap={4} role="listitem">
          <span className={classes.swatch} style={{ background: NO_FIGURE }} />
          <Text size="xs">{t('results.map.none')}</Text>
        </Group>
        {suppression && (
          <Group gap={4} role="listitem">
            <svg width="12" height="12" aria-hidden className={classes.swatch}>
              <rect width="12" height="12" fill={WITHHELD} />
            </svg>
            <Text size="xs">{t('results.figure.withheld')}</Text>
          </Group>
        )}
      </Group>
    </Card>
  );
}

/** One class's fill: its shade of blue, dotted as densely as the class is high. */
function ClassPattern({ id, level }: { id: string; level: number }) {
  const gap = DOT_GAPS[level] ?? 0;
  const shade = SHADES[level] as string;
  if (gap === 0) {
    return (
      <pattern id={id} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" fill={shade} />
      </pattern>
    );
  }
  return (
    <pattern id={id} width={gap} height={gap} patternUnits="userSpaceOnUse">
      <rect width={gap} height={gap} fill={shade} />
      <circle cx={gap / 2} cy={gap / 2} r="1" fill={DOT_COLOURS[level]} />
    </pattern>
  );
}
