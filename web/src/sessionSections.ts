import { createElement } from 'react';
import { sessionSections } from './components/sessionSections';
import { DeliveryPanel } from './features/attendance/AttendancePage';
import { SessionCertificatesPanel } from './features/certificates/SessionCertificatesPanel';
import { SessionMaterialsPanel } from './features/library/SessionMaterialsPanel';
import { NominationsPanel } from './features/nominations/NominationsPage';

/** The nominations, delivery, certificates and materials tabs of the session page. */
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
  {
    key: 'materials',
    label: (t) => t('library.materials.tab'),
    // Every reader of the session sees the materials the library lets them see (its audience rule);
    // no permission named: library.read is public, and a public rule is in no role's list.
    order: 40,
    component: SessionMaterialsPanel,
  },
);
