/** Parent → target. */
export type TargetMessage = { type: 'call'; id: number; command: string; args?: unknown } | { type: 'stop' };

/** Target → parent. */
export type TargetReply =
  | { type: 'ready'; url: string; info?: Record<string, unknown> }
  | { type: 'failed'; error: string }
  | { type: 'reply'; id: number; result?: unknown; error?: string };

export interface RunningTarget {
  url: string;
  info?: Record<string, unknown>;
  /** Commands the bench may call while the target runs. */
  commands?: Record<string, (args: unknown) => Promise<unknown>>;
  stop(): Promise<void>;
}

function reply(message: TargetReply): void {
  process.send?.(message);
}

/**
 * The child side of `startTarget`: starts the server, reports its URL, answers commands, and
 * on `stop` (or when the bench goes away) stops it and exits, so a CPU profile is written.
 */
export async function serveTarget(start: () => Promise<RunningTarget>): Promise<void> {
  let target: RunningTarget;
  try {
    target = await start();
  } catch (err) {
    reply({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  }
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await target.stop();
    } catch (err) {
      console.error('stopping the target failed', err);
    }
    process.exit(0);
  };
  process.on('message', (raw) => {
    const msg = raw as TargetMessage;
    if (msg.type === 'stop') {
      void stop();
      return;
    }
    const command = target.commands?.[msg.command];
    if (!command) {
      reply({ type: 'reply', id: msg.id, error: `unknown command ${msg.command}` });
      return;
    }
    command(msg.args).then(
      (result) => reply({ type: 'reply', id: msg.id, result }),
      (err: unknown) => reply({ type: 'reply', id: msg.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  process.on('disconnect', () => void stop());
  reply({ type: 'ready', url: target.url, info: target.info });
}
