import { createElement } from 'react';
import { sessionSections } from './components/sessionSections';
import { DeliveryPanel } from './features/attendance/AttendancePage';
import { NominationsPanel } from './features/nominations/NominationsPage';

/** The nominations and delivery tabs of the session page. */
sessionSections.push(
  {
    key: 'nominations',
    label: (t) => t('nominations.tab'),
    // Nominees are identities: not the M&E officer's (server/platform/access.ts, nominations.read).
    permission: 'nominations.read',
    order: 10,
    component: ({ session }) => createElement(NominationsPanel, { sessionId: session.id }),
  },
  {
    key: 'delivery',
    label: (t) => t('delivery.tab'),
    permission: 'delivery.record',
    order: 20,
    component: ({ session }) => createElement(DeliveryPanel, { sessionId: session.id }),
  },
);
