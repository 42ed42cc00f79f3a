import mongoose from 'mongoose';

/** Time spent in database commands, by command and collection, as the driver saw it. */
export interface DbTiming {
  [operation: string]: { count: number; totalMs: number };
}

/**
 * Counts every command the process's mongoose connection sends and how long each took
 * (needs `monitorCommands=true` in the connection string). `take()` returns and resets.
 */
export function timeDatabaseCommands(): { take(): DbTiming } {
  const client = mongoose.connection.getClient();
  const names = new Map<number, string>();
  let timing: DbTiming = {};
  client.on('commandStarted', (e) => {
    const collection: unknown = e.command[e.commandName];
    names.set(e.requestId, typeof collection === 'string' ? `${e.commandName} ${collection}` : e.commandName);
  });
  const done = (e: { requestId: number; duration: number }) => {
    const name = names.get(e.requestId) ?? 'unknown';
    names.delete(e.requestId);
    const slot = (timing[name] ??= { count: 0, totalMs: 0 });
    slot.count += 1;
    slot.totalMs += e.duration;
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return {
    take() {
      const taken = timing;
      timing = {};
      return taken;
    },
  };
}
