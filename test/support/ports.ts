import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

/** Where the kernel starts handing out ports of its own (to `listen(0)` and outgoing connections). */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 20_100 ? first : 32_768;
  } catch {
    // Not Linux: the IANA dynamic range starts here.
    return 49_152;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

/**
 * A free port for a server a test stops and starts again on the same address (a database that
 * goes away and comes back, a process restarted). It lies below the ephemeral range: a port
 * from `listen(0)` is handed out again by the kernel to whoever asks next, and under parallel
 * tests another server or an outgoing connection takes it while the first one is down.
 */
export async function restartablePort(): Promise<number> {
  const end = ephemeralStart();
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * (end - 20_000));
    if (await isFree(port)) return port;
  }
  throw new Error('no free port below the ephemeral range after 50 tries');
}
