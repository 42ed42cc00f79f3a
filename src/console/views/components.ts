import type { TicketStatus } from '../../db/models/ticket.js';
import { STATUS_LABELS } from './format.js';
import { html, trustedHtml, type SafeHtml } from './html.js';

/** The hidden CSRF field every console form carries. */
export function csrfInput(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A coloured status label. */
export function statusBadge(status: TicketStatus): SafeHtml {
  return html`<span class="badge status-${status}">${STATUS_LABELS[status]}</span>`;
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A `<select>` with the given option chosen; `empty` adds a first option with value "". */
export function selectField(
  name: string,
  options: SelectOption[],
  selected: string | undefined,
  attrs: { id?: string; empty?: string; required?: boolean } = {},
): SafeHtml {
  const items = options.map((o) => html`<option value="${o.value}"${o.value === selected ? trustedHtml(' selected') : ''}>${o.label}</option>`);
  return html`<select name="${name}" id="${attrs.id ?? name}"${attrs.required ? trustedHtml(' required') : ''}>${attrs.empty !== undefined ? html`<option value="">${attrs.empty}</option>` : ''}${items}</select>`;
}

/** `checked` when true (for checkboxes). */
export function checkedIf(on: boolean): SafeHtml {
  return trustedHtml(on ? ' checked' : '');
}
