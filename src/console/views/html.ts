/**
 * Safe HTML building for the console's server-rendered pages.
 *
 * Every value interpolated into an {@link html} template is escaped, unless it is itself a
 * {@link SafeHtml} (the result of another `html` template or of {@link trustedHtml}). So text
 * that came from a person, a form or the database can never become markup or script:
 *
 * ```ts
 * const page = html`<p title="${ticket.code}">${ticket.question}</p>`;
 * // "<script>" in the question arrives as "&lt;script&gt;"
 * ```
 *
 * Attribute values must be quoted with `"` in the template; quotes in values are escaped.
 * Links built from stored data go through {@link safeHref}, which refuses `javascript:` and
 * friends.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text and numbers are escaped, nullish and `false` print nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === true) return 'true';
  return escapeHtml(String(value));
}

/** Tagged template that escapes every interpolation by default (see the module comment). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/**
 * Marks a string as markup without escaping it. Only for markup written in this code base
 * (never for anything a person, a form or the database supplied).
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins fragments with a separator (itself escaped unless it is {@link SafeHtml}). */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)));
}

/**
 * A link target that is safe to print in `href`: an `http(s)` or `mailto`/`tel` address, or a
 * path of this site. Anything else (`javascript:`, `data:`, protocol-relative `//host`) gives `#`.
 */
export function safeHref(url: string | undefined | null): string {
  if (!url) return '#';
  const trimmed = url.trim();
  if (/^(https?:|mailto:|tel:)/i.test(trimmed)) return trimmed;
  if (trimmed.startsWith('/') && !trimmed.startsWith('//') && !trimmed.startsWith('/\\')) return trimmed;
  return '#';
}
