/**
 * The phones of `bench/quarantine.ts`'s `forms_per_s`, run as their own process (reads a JSON
 * {@link FormsSpec} on stdin when FORMS_SPEC=stdin; prints {@link FormsResult} as JSON): `concurrency` clients each POST a
 * health form through a signed link, wait for the answer and send the next, until `forms` are sent.
 * In its own process the load generator's HTTP client (its parsing, streams and garbage) no longer
 * runs on the server's event loop, so the server process's CPU is the server's alone.
 */
import http from 'node:http';

/** What to send. */
export interface FormsSpec {
  url: string;
  tokens: string[];
  forms: number;
  concurrency: number;
  body: Record<string, unknown>;
}

/** What happened. */
export interface FormsResult {
  ok: number;
  statuses: Record<string, number>;
  /** From the first request sent to the last answer received (ms). */
  elapsedMs: number;
  /** CPU ms of this generator process while sending. */
  cpuMs: number;
  /** The first refusal's body, if any (for the bench to explain a failure). */
  firstError: string | null;
}

function post(
  agent: http.Agent,
  url: URL,
  path: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-epilink-csrf': '1',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text });
        });
        res.on('error', () => {
          resolve({ status: 0, text });
        });
      },
    );
    req.on('error', (e) => {
      resolve({ status: 0, text: e.message });
    });
    req.end(body);
  });
}

/** Send the forms, `concurrency` at a time (closed loop), and count the answers. */
export async function sendForms(spec: FormsSpec): Promise<FormsResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const url = new URL(spec.url);
  const body = JSON.stringify(spec.body);
  const statuses: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  let firstError: string | null = null;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (next < spec.forms) {
        const i = next++;
        const token = spec.tokens[i % spec.tokens.length]!;
        const { status, text } = await post(agent, url, `/api/public/quarantine/forms/${token}`, body);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) ok++;
        else firstError ??= `HTTP ${status} ${text.slice(0, 300)}`;
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return { ok, statuses, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, firstError };
}

if (process.env.FORMS_SPEC === 'stdin') {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => (input += d));
  process.stdin.on('end', () => {
    void sendForms(JSON.parse(input) as FormsSpec).then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
    });
  });
}
