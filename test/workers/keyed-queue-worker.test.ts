import { describe, expect, it } from 'vitest';
import { KeyedQueueWorker } from '../../src/workers/keyed-queue-worker.js';
import { useTestDatabase } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';

useTestDatabase('keyed_worker');

/**
 * A worker over `people` people with one piece of work each; each piece runs until released.
 * Returns the worker, how many ran at the same moment at most, and a way to let them finish.
 */
function workerOver(people: string[], holdBackWhile: () => boolean) {
  const waiting = new Set(people);
  const releases: (() => void)[] = [];
  const stats = { running: 0, mostAtOnce: 0, done: 0 };
  const worker = new KeyedQueueWorker({
    name: 'test',
    findReadyKeys: (limit) => Promise.resolve([...waiting].slice(0, limit)),
    processKey: async (key) => {
      stats.running += 1;
      stats.mostAtOnce = Math.max(stats.mostAtOnce, stats.running);
      await new Promise<void>((resolve) => releases.push(resolve));
      waiting.delete(key);
      stats.running -= 1;
      stats.done += 1;
    },
    concurrency: 4,
    pollMs: 20,
    leaseMs: 10_000,
    holdBackWhile,
  });
  const releaseAll = () => releases.splice(0).forEach((release) => release());
  return { worker, stats, releaseAll };
}

describe('a keyed queue worker', () => {
  it('when webhooks wait to be stored, then it serves one person at a time, and every slot again once they are stored', async () => {
    let webhooksWaiting = true;
    const { worker, stats, releaseAll } = workerOver(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], () => webhooksWaiting);
    worker.start();
    try {
      // Held back: one person at a time, but work still goes on.
      await waitUntil(() => stats.running === 1, 5_000, 'one person served');
      releaseAll();
      await waitUntil(() => stats.done === 1 && stats.running === 1, 5_000, 'the next person served');
      expect(stats.mostAtOnce).toBe(1);

      webhooksWaiting = false;
      releaseAll();
      await waitUntil(() => stats.running === 4, 5_000, 'every slot in use');
      releaseAll();
      await waitUntil(
        () => {
          releaseAll();
          return stats.done === 8;
        },
        5_000,
        'everyone served',
      );
      expect(stats.mostAtOnce).toBe(4);
    } finally {
      releaseAll();
      await worker.stop();
    }
  });
});
