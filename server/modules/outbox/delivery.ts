import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../../config';
import { type OutboxAttachment, outboxMessages } from '../../db/schema';
import { type Database, queryRows } from '../../platform/db';
import { asSystem } from '../../platform/wall';

/**
 * The delivery worker (issue 11): takes the messages due from the outbox and sends them over SMTP.
 *
 * Why a claim loop of our own and not a job-queue library: the outbox row is the job. It is written
 * by drizzle in the caller's transaction, behind the state wall (a state's focal point reads its
 * state's messages), and read by the admin's Outbox; a library keeps its jobs in its own schema,
 * with no such policy. Both libraries the issue names were tried on both databases (docs/mail.md):
 * graphile-worker holds a connection for LISTEN and deadlocks on PGlite's one connection; pg-boss
 * 10.4.2 (the last major for Node 20) works on both, but would be a second copy of each message.
 *
 * Exactly once across processes: a worker takes a batch with `for update skip locked` and marks it
 * leased (`leased_until`, `leased_by`) in the same statement, so another process skips it while it
 * is sent; the lease outlives the SMTP time-outs. Only a process that dies between the server's
 * acceptance and the `sent` mark can leave a message to be sent again when its lease ends; it then
 * goes with the same Message-ID, so the receiving side can recognise it.
 */

/** What the worker needs of a mail transport (nodemailer's, or a test's). */
export type MailTransport = Pick<Transporter, 'sendMail' | 'close'>;

export type DeliveryLog = {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
};

type Claimed = {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: OutboxAttachment[];
  attempts: number;
};

/** How long a taken message stays with its worker: longer than the SMTP time-outs below, together. */
const LEASE_SECONDS = 180;
const SMTP_TIMEOUT_MS = 30_000;
/** Retries wait twice as long each time, at most this long. */
const MAX_RETRY_DELAY_MS = 6 * 3_600_000;
const BATCH = 20;

/** The wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base… */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/**
 * A refusal that will not change by waiting: the server answered 5xx to the message or the
 * recipient (unknown mailbox, message refused). Connection failures, time-outs and 4xx answers
 * (greylisting, a full queue) are retried.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 && (error as { command?: string }).command !== 'CONN';
}

const errorText = (error: unknown): string => {
  const e = error as { message?: string; response?: string };
  return (e.response ?? e.message ?? String(error)).slice(0, 1000);
};

export function smtpTransport(mail: MailConfig): MailTransport {
  if (!mail.smtpUrl) throw new Error('no mail server configured');
  return nodemailer.createTransport({
    url: mail.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

export type DeliveryResult = { sent: number; retried: number; failed: number };

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  readonly id: string;
  private readonly domain: string;

  constructor(
    private readonly db: Database,
    private readonly mail: MailConfig,
    private readonly transport: MailTransport,
    private readonly log: DeliveryLog,
    id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
  ) {
    this.id = id;
    this.domain = /@([^>\s]+)>?$/.exec(mail.from)?.[1] ?? 'localhost';
  }

  /** Looks for messages due every poll interval until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops looking; waits for the batch in hand to be sent and marked, then closes the transport. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.transport.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((err) => this.log.warn({ err }, 'mail delivery: the outbox could not be read'))
        .finally(() => {
          this.running = null;
          this.schedule(this.mail.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Sends batches until none is due (or the worker is stopped). */
  private async drain(): Promise<void> {
    for (;;) {
      const result = await this.runOnce();
      if (this.stopped || result.sent + result.retried + result.failed < BATCH) return;
    }
  }

  /** Takes one batch of messages due and sends them; for the loop, the admin's "send now" and tests. */
  async runOnce(): Promise<DeliveryResult> {
    const claimed = await asSystem(() =>
      queryRows<Claimed>(
        this.db,
        sql`update outbox_messages m
            set leased_until = now() + make_interval(secs => ${LEASE_SECONDS}), leased_by = ${this.id},
                attempts = m.attempts + 1, last_attempt_at = now()
            where m.id in (
              select id from outbox_messages
              where status = 'pending' and next_attempt_at <= now() and (leased_until is null or leased_until < now())
              order by next_attempt_at
              limit ${BATCH}
              for update skip locked)
            returning m.id, m.to_address, m.subject, m.text_body, m.html_body, m.attachments, m.attempts`,
      ),
    );
    const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
    for (const message of claimed) {
      result[await this.deliver(message)] += 1;
    }
    return result;
  }

  private async deliver(message: Claimed): Promise<keyof DeliveryResult> {
    const messageId = `<${message.id}@${this.domain}>`;
    const mine = and(eq(outboxMessages.id, message.id), eq(outboxMessages.leasedBy, this.id));
    try {
      await this.transport.sendMail({
        from: this.mail.from,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const permanent = isPermanentRefusal(error) || message.attempts >= this.mail.maxAttempts;
      const delay = retryDelayMs(message.attempts, this.mail.retryBaseMs);
      await asSystem(() =>
        this.db
          .update(outboxMessages)
          .set({
            status: permanent ? 'failed' : 'pending',
            nextAttemptAt: sql`now() + make_interval(secs => ${delay / 1000})`,
            leasedUntil: null,
            leasedBy: null,
            lastError: errorText(error),
            messageId,
          })
          .where(mine),
      );
      this.log.warn(
        { messageId: message.id, attempts: message.attempts, err: errorText(error) },
        permanent ? 'mail delivery failed for good' : 'mail delivery failed; will retry',
      );
      return permanent ? 'failed' : 'retried';
    }
    await asSystem(() =>
      this.db
        .update(outboxMessages)
        .set({ status: 'sent', sentAt: sql`now()`, leasedUntil: null, leasedBy: null, lastError: null, messageId })
        .where(mine),
    );
    return 'sent';
  }
}
