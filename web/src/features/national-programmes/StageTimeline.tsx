import { Badge, Box, Group, Text, Tooltip } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { progressColours, type Stage, stageLabel } from './nationalProgrammes';

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const LABEL_WIDTH = 190;
const ROW_HEIGHT = 34;

/** The years the timeline spans: from the earliest date to the latest (today included), whole years. */
export function timelineSpan(stages: Stage[], today: string): { from: string; to: string; years: number[] } {
  const dates = stages
    .flatMap((s) => [s.plannedStart, s.plannedEnd, s.actualStart, s.actualEnd])
    .filter((d): d is string => Boolean(d));
  const years = [...dates, today].map((d) => Number(d.slice(0, 4)));
  const first = Math.min(...years);
  const last = Math.max(...years);
  return {
    from: `${first}-01-01`,
    to: `${last + 1}-01-01`,
    years: Array.from({ length: last - first + 1 }, (_, i) => first + i),
  };
}

/**
 * The stages of an engagement on a horizontal time axis: the planned period as a light band above,
 * what happened as a solid bar below (running up to today while the stage is in progress), with a
 * line for today. Positions use logical properties (inset-inline-start), so that in Arabic time runs
 * from right to left, as the text does.
 */
export function StageTimeline({ stages, today }: { stages: Stage[]; today: string }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const span = timelineSpan(stages, today);
  const start = dayNumber(span.from);
  const length = dayNumber(span.to) - start;
  const at = (day: string) => ((dayNumber(day) - start) / length) * 100;
  const band = (from: string, to: string): CSSProperties => ({
    position: 'absolute',
    insetInlineStart: `${at(from)}%`,
    width: `max(${at(to) - at(from)}%, 6px)`,
  });
  const period = (from: string | null, to: string | null) =>
    from ? `${formatDay(from)} – ${to ? formatDay(to) : '…'}` : t('nationalProgrammes.timeline.undated');

  return (
    <Box data-testid="stage-timeline" style={{ overflowX: 'auto' }}>
      <Box miw={640}>
        <Box style={{ display: 'flex' }}>
          <Box w={LABEL_WIDTH} style={{ flexShrink: 0 }} />
          <Box style={{ position: 'relative', flex: 1, height: 22 }} aria-hidden>
            {span.years.map((year) => (
              <Text
                key={year}
                size="xs"
                c="dimmed"
                style={{ position: 'absolute', insetInlineStart: `${at(`${year}-01-01`)}%`, paddingInlineStart: 4 }}
              >
                {year}
              </Text>
            ))}
          </Box>
        </Box>
        <Box component="ol" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('nationalProgrammes.timeline.title')}>
          {stages.map((stage) => {
            const label = stageLabel(t, stage);
            const actualEnd = stage.actualEnd ?? (stage.actualStart ? today : null);
            const plannedEnd = stage.plannedEnd ?? stage.plannedStart;
            return (
              <Box
                component="li"
                key={stage.id}
                style={{ display: 'flex', alignItems: 'center', minHeight: ROW_HEIGHT }}
                data-testid={`timeline-${stage.kind}-${stage.sequence}`}
              >
                <Group w={LABEL_WIDTH} gap={6} wrap="nowrap" style={{ flexShrink: 0, paddingInlineEnd: 8 }}>
                  <Text size="sm" truncate title={label}>
                    {label}
                  </Text>
                  {stage.behindPlan && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('nationalProgrammes.timeline.behind')}
                    </Badge>
                  )}
                </Group>
                <Box
                  style={{
                    position: 'relative',
                    flex: 1,
                    height: ROW_HEIGHT,
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                  }}
                >
                  {span.years.map((year) => (
                    <Box
                      key={year}
                      aria-hidden
                      style={{
                        position: 'absolute',
                        insetInlineStart: `${at(`${year}-01-01`)}%`,
                        top: 0,
                        bottom: 0,
                        borderInlineStart: '1px dashed var(--mantine-color-default-border)',
                      }}
                    />
                  ))}
                  {stage.skipped ? (
                    <Text size="xs" c="dimmed" fs="italic" style={{ position: 'absolute', insetInlineStart: 8, top: 8 }}>
                      {t('nationalProgrammes.progress.skipped')}
                    </Text>
                  ) : (
                    <>
                      {stage.plannedStart && plannedEnd && (
                        <Tooltip
                          label={`${t('nationalProgrammes.timeline.planned')}: ${period(stage.plannedStart, stage.plannedEnd)}`}
                        >
                          <Box
                            role="img"
                            aria-label={`${label}, ${t('nationalProgrammes.timeline.planned')}: ${period(stage.plannedStart, stage.plannedEnd)}`}
                            style={{
                              ...band(stage.plannedStart, plannedEnd),
                              top: 5,
                              height: 9,
                              borderRadius: 3,
                              background: 'var(--mantine-color-gray-light)',
                              border: '1px dashed var(--mantine-color-gray-6)',
                            }}
                          />
                        </Tooltip>
                      )}
                      {stage.actualStart && actualEnd && (
                        <Tooltip
                          label={`${t('nationalProgrammes.timeline.actual')}: ${period(stage.actualStart, stage.actualEnd)}`}
                        >
                          <Box
                            role="img"
                            aria-label={`${label}, ${t('nationalProgrammes.timeline.actual')}: ${period(stage.actualStart, stage.actualEnd)}`}
                            style={{
                              ...band(stage.actualStart, actualEnd),
                              top: 17,
                              height: 11,
                              borderRadius: 3,
                              background: `var(--mantine-color-${progressColours[stage.progress]}-6)`,
                              opacity: stage.actualEnd ? 1 : 0.7,
                            }}
                          />
                        </Tooltip>
                      )}
                    </>
                  )}
                  <Box
                    aria-hidden
                    style={{
                      position: 'absolute',
                      insetInlineStart: `${at(today)}%`,
                      top: 0,
                      bottom: 0,
                      borderInlineStart: '2px solid var(--mantine-color-red-5)',
                    }}
                  />
                </Box>
              </Box>
            );
          })}
        </Box>
        <Group gap="lg" mt="sm" style={{ paddingInlineStart: LABEL_WIDTH }}>
          <Legend
            swatch={{ background: 'var(--mantine-color-gray-light)', border: '1px dashed var(--mantine-color-gray-6)' }}
            label={t('nationalProgrammes.timeline.planned')}
          />
          <Legend swatch={{ background: 'var(--mantine-color-teal-6)' }} label={t('nationalProgrammes.progress.completed')} />
          <Legend
            swatch={{ background: 'var(--mantine-color-blue-6)', opacity: 0.7 }}
            label={t('nationalProgrammes.progress.in_progress')}
          />
          <Legend
            swatch={{ borderInlineStart: '2px solid var(--mantine-color-red-5)' }}
            label={t('nationalProgrammes.timeline.today')}
          />
        </Group>
      </Box>
    </Box>
  );
}

function Legend({ swatch, label }: { swatch: CSSProperties; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box aria-hidden style={{ width: 18, height: 10, borderRadius: 2, ...swatch }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
