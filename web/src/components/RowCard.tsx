import { Card, Group, SimpleGrid, Stack, Text, useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/**
 * Whether the screen is a phone's (narrower than Mantine's `xs` breakpoint, 576 px). Read at the
 * first render, so that a list drawn as cards on a phone never flashes as a table first.
 */
export function usePhone(): boolean {
  const { breakpoints } = useMantineTheme();
  return useMediaQuery(`(max-width: ${breakpoints.xs})`, false, { getInitialValueInEffect: false });
}

type RowCardProps = {
  /** What the row is about (a person's name), on top. */
  title: ReactNode;
  /** The other columns of the row, as label and value, two to a line. */
  fields: { label: string; value: ReactNode }[];
  /** The row's buttons, under its fields; they wrap onto a second line rather than run off the card. */
  actions?: ReactNode;
  testId?: string;
  /** Extra attributes a test finds the row by (e.g. `data-name`). */
  data?: Record<`data-${string}`, string>;
};

/**
 * One row of a list read on a phone (my trainings, notifications, a focal point's nominations) as a
 * card: a table of many columns would have to scroll sideways on a 360 px screen.
 */
export function RowCard({ title, fields, actions, testId, data }: RowCardProps) {
  return (
    <Card withBorder padding="sm" data-testid={testId} {...data}>
      <Stack gap="xs">
        {title}
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
          {fields.map((field) => (
            <div key={field.label}>
              <Text size="xs" c="dimmed">
                {field.label}
              </Text>
              {field.value}
            </div>
          ))}
        </SimpleGrid>
        {actions && <Group gap="xs">{actions}</Group>}
      </Stack>
    </Card>
  );
}
