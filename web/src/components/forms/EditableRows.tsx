import { ActionIcon, Button, type ButtonProps, Group, Paper, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Key, ReactNode } from 'react';

type Props<T> = {
  rows: readonly T[];
  onChange(rows: T[]): void;
  /** The row the add button appends. */
  newRow(): T;
  /** The fields of one row (one table cell each when `columns` is given); `replace` puts a changed row in its place. */
  children(row: T, replace: (row: T) => void, index: number): ReactNode[];
  removeLabel(index: number): string;
  addLabel: string;
  addTestId?: string;
  addSize?: ButtonProps['size'];
  addVariant?: ButtonProps['variant'];
  /** The message under the rows (the rows as a whole break a rule). */
  error?: string | null;
  /** Rows without an id keep their order as their identity. */
  rowKey?(row: T, index: number): Key;
  /** A table with these headers (the remove buttons get a last, narrow column); else one line of fields per row. */
  columns?: { label: string; width?: number }[];
  /** Each row on its own bordered card (rows of long fields). */
  cards?: boolean;
};

/**
 * Rows of a record edited in place inside a form (quotas, learning objectives, counterparts,
 * speakers…): each row's fields and its remove button, the rows' error, and the add button.
 */
export function EditableRows<T>({
  rows,
  onChange,
  newRow,
  children,
  removeLabel,
  addLabel,
  addTestId,
  addSize,
  addVariant = 'light',
  error,
  rowKey = (_, index) => index,
  columns,
  cards = false,
}: Props<T>) {
  const fieldsOf = (row: T, index: number) =>
    children(row, (changed) => onChange(rows.map((r, i) => (i === index ? changed : r))), index);
  const remove = (index: number) => (
    <ActionIcon
      variant="subtle"
      color="red"
      size={cards || columns ? undefined : 'lg'}
      aria-label={removeLabel(index)}
      onClick={() => onChange(rows.filter((_, i) => i !== index))}
    >
      <IconTrash size={18} aria-hidden />
    </ActionIcon>
  );
  const line = (row: T, index: number) => (
    <Group key={rowKey(row, index)} gap="xs" align="flex-end" wrap="nowrap">
      {fieldsOf(row, index).map((field, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row's fields keep their places
        <div key={i} style={{ flex: 1 }}>
          {field}
        </div>
      ))}
      {remove(index)}
    </Group>
  );

  return (
    <>
      {columns
        ? rows.length > 0 && (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.label} w={c.width}>
                      {c.label}
                    </Table.Th>
                  ))}
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={rowKey(row, index)}>
                    {fieldsOf(row, index).map((field, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells keep their places
                      <Table.Td key={i}>{field}</Table.Td>
                    ))}
                    <Table.Td>{remove(index)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        : rows.map((row, index) =>
            cards ? (
              <Paper key={rowKey(row, index)} withBorder p="sm">
                {line(row, index)}
              </Paper>
            ) : (
              line(row, index)
            ),
          )}
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Button
        variant={addVariant}
        size={addSize}
        leftSection={<IconPlus size={16} aria-hidden />}
        w="fit-content"
        onClick={() => onChange([...rows, newRow()])}
        data-testid={addTestId}
      >
        {addLabel}
      </Button>
    </>
  );
}
