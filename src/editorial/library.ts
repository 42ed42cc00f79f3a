import { ContentError, type Content } from '../content/index.js';
import { describeError } from '../errors.js';
import { log } from '../log.js';
import { createSearchIndex, type SearchIndex } from '../search/index.js';
import { filesFromItems, type ContentFiles } from './files.js';
import { readPublishedItems, readRevision, type PublishedItem } from './store.js';
import { checkContentFiles } from './validate.js';

const libraryLog = log.child({ module: 'content-library' });

/** The published content at one moment, with its search index. Never changes once made. */
export interface ContentSnapshot {
  content: Content;
  search: SearchIndex;
  /** The publication token it was built from. */
  revision: string | undefined;
  /** The published items it was built from (the console edits from these). */
  items: readonly PublishedItem[];
}

/** Where flows and pages read the current content: one accessor, always the latest publication. */
export interface ContentSource {
  current(): ContentSnapshot;
}

export interface ContentLibraryOptions {
  /** How often the publication token is read (ms). Default 2000. */
  pollMs?: number;
}

/**
 * The published content of this instance, kept current: it reads the small `content_revision`
 * document by `_id` every `pollMs`, and when its token changed (a publication here or on any
 * other instance) loads every published item, checks them as `content:check` does, and swaps in
 * the new content and a new search index. A publication that fails the checks (two edits that
 * do not fit together) is logged and the previous content stays in use.
 */
export class ContentLibrary implements ContentSource {
  private snapshot: ContentSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<boolean> | undefined;
  private readonly pollMs: number;

  constructor(options: ContentLibraryOptions = {}) {
    this.pollMs = options.pollMs ?? 2_000;
  }

  /** The content in use. Throws before the first {@link load}. */
  current(): ContentSnapshot {
    if (!this.snapshot) throw new Error('The content library was not loaded; call load() at start');
    return this.snapshot;
  }

  /**
   * Loads the published content now. Throws `ContentError` when there is no content yet that
   * passes the checks (at start); later failures keep the previous content.
   */
  async load(): Promise<void> {
    const revision = await readRevision();
    const items = await readPublishedItems();
    const checked = checkContentFiles(filesFromItems(items));
    if (!checked.ok) throw new ContentError(checked.problems);
    this.snapshot = { content: checked.content, search: createSearchIndex(checked.content), revision, items };
  }

  /**
   * Reloads when the publication token changed; resolves true when new content is in use.
   * Checks run one after another, so a call made after a publication always reads its token.
   */
  refresh(): Promise<boolean> {
    const previous = this.loading ?? Promise.resolve(false);
    const next = previous.catch(() => false).then(() => this.reloadIfChanged());
    this.loading = next;
    // The caller receives the failure through `next`; this chain only clears the marker.
    void next
      .finally(() => {
        if (this.loading === next) this.loading = undefined;
      })
      .catch(() => undefined);
    return next;
  }

  private async reloadIfChanged(): Promise<boolean> {
    const revision = await readRevision();
    if (this.snapshot && revision === this.snapshot.revision) return false;
    try {
      await this.load();
    } catch (err) {
      if (!(err instanceof ContentError)) throw err;
      libraryLog.error(
        { revision, problems: err.problems.slice(0, 20) },
        'published content fails the checks; the previous content stays in use until it is fixed',
      );
      if (this.snapshot) this.snapshot = { ...this.snapshot, revision };
      return false;
    }
    libraryLog.info({ revision, faq: this.snapshot?.content.faq.length }, 'published content reloaded');
    return true;
  }

  /** The published items as files (for export and for checking a change against everything else). */
  files(): ContentFiles {
    return filesFromItems(this.current().items);
  }

  /** Starts polling the publication token. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.loading) return;
      this.refresh().catch((err: unknown) => libraryLog.warn({ err: describeError(err) }, 'could not check for published content; tried again shortly'));
    }, this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** A fixed content source (tests and the terminal chat, where nothing is published). */
export function staticContentSource(content: Content): ContentSource {
  const snapshot: ContentSnapshot = { content, search: createSearchIndex(content), revision: undefined, items: [] };
  return { current: () => snapshot };
}
