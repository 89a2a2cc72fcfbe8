import type { SessionStatus } from '../../../contract/enums';

/** The colour of a session's status badge, wherever sessions are listed. */
export const sessionStatusColours: Record<SessionStatus, string> = {
  planned: 'gray',
  open: 'blue',
  closed: 'orange',
  completed: 'green',
  cancelled: 'red',
};
