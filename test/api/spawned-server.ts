import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { DEMO_PASSWORD } from '../../server/db/seed/demo';

/** The real server (server/main.ts) as a child process on a port of its own, on a test database. */
export type SpawnedServer = {
  url: string;
  child: ChildProcess;
  /** What it printed so far, for failure messages. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** `entry`: the sources (through tsx) or the build (dist/server/main.js, npm run build:server). */
export async function spawnServer(env: Record<string, string>, entry: 'sources' | 'build' = 'sources'): Promise<SpawnedServer> {
  const port = await freePort();
  // node itself (not npx) so that signals reach the server and not a wrapper.
  const args = entry === 'build' ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      // A server that dies by itself fails the tests after it with "connection refused": say why here.
      if (!stopping && code !== 0)
        console.error(`the spawned server exited by itself (${code ?? signal}):\n${output.slice(-4000)}`);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  // Generous: a loaded CI machine opens and checks a database with history slowly.
  const deadline = Date.now() + 150_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/api/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Signs a demo account in over HTTP; the session's cookie and CSRF token, or the refusal's status. */
export async function signInOverHttp(url: string, email: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie =
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith('tadrib_session='))
      ?.split(';')[0] ?? null;
  const body = (await response.json()) as { csrfToken?: string };
  return { status: response.status, cookie, csrfToken: body.csrfToken ?? null };
}
