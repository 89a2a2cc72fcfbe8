import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NominationStatus } from '../../../contract/enums';

const statusColour: Record<NominationStatus, string> = {
  nominated: 'blue',
  accepted: 'green',
  waitlisted: 'yellow',
  rejected: 'red',
  withdrawn: 'gray',
};

export function NominationStatusBadge({ status }: { status: NominationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColour[status]} variant="light" data-testid="nomination-status">
      {t(`nominations.status.${status}`)}
    </Badge>
  );
}
