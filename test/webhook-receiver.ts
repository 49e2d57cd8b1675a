/**
 * A webhook receiver on a loopback port for the webhook tests: it keeps every request it gets
 * (headers and body) and answers each with the status its responder gives, or never answers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver does with the n-th request (0-based): answer a status, or never answer. */
export type Responder = (n: number) => number | 'hang';

export interface Receiver {
  /** http://127.0.0.1:<port><path> */
  url: string;
  port: number;
  received: Received[];
  respond: Responder;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startReceiver(respond: Responder = () => 200, path = '/hooks/vigil'): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = receiver.received.length;
      receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = receiver.respond(n);
      if (answer === 'hang') return;
      setTimeout(() => res.writeHead(answer, { 'content-type': 'text/plain' }).end(`answer ${answer}`), receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received: [],
    respond,
    delayMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
