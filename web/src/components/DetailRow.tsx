import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A row of a record's details: what the value is, then the value. */
export function DetailRow({ label, labelWidth = '40%', children }: { label: string; labelWidth?: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={labelWidth}>{label}</Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
