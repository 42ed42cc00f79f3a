import type { Response } from 'express';

/**
 * Opens a Server-Sent Events response: never cached or transformed, not buffered by a reverse
 * proxy (nginx honours `X-Accel-Buffering`), and the browser reconnects 3 s after a drop.
 */
export function openEventStream(res: Response): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 3000\n\n');
}
