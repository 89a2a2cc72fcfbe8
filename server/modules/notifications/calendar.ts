import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Attachment } from './notify';

/**
 * A participant's calendar invitation to a session (RFC 5545, sent as iTIP RFC 5546): all-day, from
 * the first to the last day. Its UID is the nomination's and never changes, so that each update
 * (METHOD:REQUEST with a higher SEQUENCE) replaces the event in the participant's calendar and a
 * cancellation (METHOD:CANCEL) removes it.
 */
export type Invitation = {
  uid: string;
  sequence: number;
  /** `publish` for the file a participant downloads: the same event, with nobody asked to reply. */
  method: 'request' | 'cancel' | 'publish';
  summary: string;
  description: string;
  /** YYYY-MM-DD, both days included. */
  startDate: string;
  endDate: string;
  location: string | null;
  url: string;
  organiser: { name: string; email: string };
  attendee: { name: string; email: string };
};

const dayAt = (day: string, plusDays = 0): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y as number, (m as number) - 1, (d as number) + plusDays));
};

export function invitationIcs(invitation: Invitation): string {
  const calendar = ical({
    prodId: { company: 'Tadrib', product: 'Tadrib', language: 'EN' },
    method: { request: ICalCalendarMethod.REQUEST, cancel: ICalCalendarMethod.CANCEL, publish: ICalCalendarMethod.PUBLISH }[
      invitation.method
    ],
  });
  calendar.createEvent({
    id: invitation.uid,
    sequence: invitation.sequence,
    allDay: true,
    // DTEND of an all-day event is the day after the last (RFC 5545, 3.6.1).
    start: dayAt(invitation.startDate),
    end: dayAt(invitation.endDate, 1),
    stamp: new Date(),
    summary: invitation.summary,
    description: invitation.description,
    location: invitation.location,
    url: invitation.url,
    status: invitation.method === 'cancel' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: invitation.organiser,
    attendees: [
      {
        name: invitation.attendee.name,
        email: invitation.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.ACCEPTED,
      },
    ],
  });
  return calendar.toString();
}

export function invitationAttachment(invitation: Invitation): Attachment {
  return {
    filename: invitation.method === 'cancel' ? 'cancel.ics' : 'invite.ics',
    contentType: `text/calendar; charset=utf-8; method=${invitation.method === 'cancel' ? 'CANCEL' : 'REQUEST'}`,
    content: invitationIcs(invitation),
  };
}
