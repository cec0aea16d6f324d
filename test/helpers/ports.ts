// A loopback TCP port nothing listens on (bound once, then closed): for "unreachable" cases.
import { createServer } from 'node:http';

export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
