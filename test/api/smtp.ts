import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the test SMTP server accepted, parsed, with the envelope's recipients. */
export type Received = ParsedMail & { envelopeTo: string[]; raw: string };

export type TestSmtp = {
  url: string;
  received: Received[];
  /** From now on, answer every recipient with this SMTP refusal (e.g. 451 or 550); null to accept again. */
  refuse(code: number | null): void;
  /** Waits until `n` messages have arrived (or fails after `ms`). */
  waitFor(n: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
};

/** A real SMTP server on a free local port, for the delivery tests (no TLS, no authentication). */
export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  let refusal: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusal === null) return callback();
      const error = new Error(refusal >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
      error.responseCode = refusal;
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            received.push(Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw }));
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(code) {
      refusal = code;
    },
    async waitFor(n, ms = 10_000) {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, the SMTP server has ${received.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
