/** One Server-Sent Event as the browser would see it. */
interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Reads a Server-Sent Events stream over fetch, keeping every event; `close()` ends it. */
export interface SseReader {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** Resolves with the first event (already received or later) that matches, or throws after `timeoutMs`. */
  waitFor(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): Promise<void>;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          const data: string[] = [];
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'event') event.event = value;
            else if (field === 'id') event.id = value;
            else if (field === 'data') {
              data.push(value);
              hasData = true;
            }
          }
          if (!hasData) continue;
          event.data = data.join('\n');
          events.push(event);
          for (const wake of waiters) wake();
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();

  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    async waitFor(match, timeoutMs = 8_000) {
      const found = events.find(match);
      if (found) return found;
      return new Promise<SseEvent>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got: ${JSON.stringify(events)}`));
        }, timeoutMs);
        function check(): void {
          const hit = events.find(match);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        }
        waiters.add(check);
      });
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}
