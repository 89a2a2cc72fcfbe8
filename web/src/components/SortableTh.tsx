import { Table, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export type SortState<K extends string> = { key: K; descending: boolean };

type SortableThProps<K extends string> = {
  sortKey: K;
  sort: SortState<K>;
  onSort: (sort: SortState<K>) => void;
  children: ReactNode;
};

/** A column header that sorts the table by its column; a second click reverses the order. */
export function SortableTh<K extends string>({ sortKey, sort, onSort, children }: SortableThProps<K>) {
  const active = sort.key === sortKey;
  const Icon = active ? (sort.descending ? IconSortDescending : IconSortAscending) : IconArrowsSort;
  return (
    <Table.Th aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton
        onClick={() => onSort({ key: sortKey, descending: active ? !sort.descending : false })}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 700 }}
      >
        {children}
        <Icon size={14} aria-hidden opacity={active ? 1 : 0.4} />
      </UnstyledButton>
    </Table.Th>
  );
}
