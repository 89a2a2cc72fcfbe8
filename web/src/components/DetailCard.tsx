import { Card, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card of a record's details, one row each (DetailRow, or rows of its own). */
export function DetailCard({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Table>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Card>
  );
}
