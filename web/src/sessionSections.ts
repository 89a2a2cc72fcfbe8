import { createElement } from 'react';
import { sessionSections } from './components/sessionSections';
import { DeliveryPanel } from './features/attendance/AttendancePage';
import { SessionCertificatesPanel } from './features/certificates/SessionCertificatesPanel';
import { NominationsPanel } from './features/nominations/NominationsPage';

/** The nominations, delivery and certificates tabs of the session page. */
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
  {
    key: 'certificates',
    label: (t) => t('certificates.tab'),
    permission: 'certificates.issue',
    // Certificates follow the final completions, known once the session is completed.
    visible: (session) => session.status === 'completed',
    order: 30,
    component: ({ session }) => createElement(SessionCertificatesPanel, { sessionId: session.id }),
  },
);
