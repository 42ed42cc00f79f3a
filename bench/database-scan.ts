// A diagnostic for the end-to-end figure: what one query costs FerretDB 1.24 (SQLite backend) as
// a collection grows, by `_id` (the only filter it hands to SQLite) and by an indexed field
// (which it answers by reading and decoding every document of the collection).
import mongoose from 'mongoose';
import type { BenchContext } from './lib/context.js';
import { markdownTable, num } from './lib/format.js';

const SIZES = [1_000, 10_000] as const;

/** A document shaped like a stored inbound event (about 1 KB with the platform payload). */
function inboxLike(i: number): Record<string, unknown> {
  const raw = {
    object: 'page',
    entry: [
      {
        id: '104000000000001',
        time: 1_790_000_000_000 + i,
        messaging: [
          {
            sender: { id: `psid-${i % 500}` },
            recipient: { id: '104000000000001' },
            timestamp: 1_790_000_000_000 + i,
            message: { mid: `m_${i}`, text: 'Cho tôi hỏi thủ tục công bố hợp quy sản phẩm của hợp tác xã' },
          },
        ],
      },
    ],
  };
  return {
    _id: `ev-${i}`,
    channel: 'messenger',
    eventId: `m_${i}`,
    contactKey: `messenger:psid-${i % 500}`,
    status: i % 50 === 0 ? 'pending' : 'done',
    event: { type: 'message', text: 'Cho tôi hỏi', raw },
    occurredAt: new Date(),
    attempts: 1,
  };
}

async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number> {
  await run(0);
  const started = performance.now();
  for (let i = 1; i <= count; i += 1) await run(i);
  return (performance.now() - started) / count;
}

export async function benchDatabaseScan(ctx: BenchContext): Promise<void> {
  const connection = await mongoose.createConnection(ctx.db.uri('scan'), { retryWrites: false }).asPromise();
  try {
    const collection = connection.collection<Record<string, unknown>>('inbox_like');
    await collection.createIndex({ contactKey: 1, status: 1 });
    const rows: (string | number)[][] = [];
    let stored = 0;
    for (const size of SIZES) {
      while (stored < size) {
        const batch = Array.from({ length: Math.min(1_000, size - stored) }, (_, k) => inboxLike(stored + k));
        await collection.insertMany(batch);
        stored += batch.length;
      }
      const byId = await timeEach(50, (i) => collection.findOne({ _id: `ev-${(i * 37) % size}` } as never));
      const byField = await timeEach(ctx.quick ? 3 : 8, (i) => collection.findOne({ contactKey: `messenger:psid-${i % 500}`, status: 'pending' }));
      rows.push([size, num(byId, 2), num(byField, 1), num((byField * 1000) / size, 1)]);
    }
    ctx.say('  FerretDB, one findOne on a collection of inbox-like documents:');
    ctx.say(markdownTable(['documents', 'by _id ms', 'by indexed field ms', 'µs per stored document'], rows));
  } finally {
    await connection.dropDatabase().catch(() => undefined); // a leftover scratch database goes with the temporary directory anyway
    await connection.close();
  }
}
