/**
 * Group commit's queue: while one group is being written, the callers that arrive meanwhile
 * wait, and are then written together, up to `maxGroupSize` (counted by `sizeOf`) per group.
 * A lone caller is written at once. `writeGroup` owns each group's outcome (it settles the
 * callers' promises) and must not reject.
 */
export class GroupQueue<W> {
  private readonly queue: W[] = [];
  private writing = false;

  constructor(
    private readonly options: {
      maxGroupSize: number;
      sizeOf: (waiting: W) => number;
      writeGroup: (group: W[]) => Promise<void>;
    },
  ) {}

  /** True while a group is being written or callers wait to be. */
  busy(): boolean {
    return this.writing || this.queue.length > 0;
  }

  add(waiting: W): void {
    this.queue.push(waiting);
    if (!this.writing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const group: W[] = [this.queue.shift()!];
        let size = this.options.sizeOf(group[0]!);
        while (this.queue.length > 0 && size + this.options.sizeOf(this.queue[0]!) <= this.options.maxGroupSize) {
          size += this.options.sizeOf(this.queue[0]!);
          group.push(this.queue.shift()!);
        }
        await this.options.writeGroup(group);
      }
    } finally {
      this.writing = false;
    }
  }
}
