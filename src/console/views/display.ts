import type { Response } from 'express';
import type { StaffRole } from '../../db/models/staff.js';
import { formatDateIn, formatDateTimeIn } from './format.js';

/** Where the console is mounted; every link and form action starts with it. */
export const CONSOLE_BASE = '/console';

/** One entry of the top navigation. */
export interface NavItem {
  /** Stable id; `LayoutOptions.active` names it to highlight the current page. */
  key: string;
  /** Path under the console, e.g. `/console/reports`. */
  href: string;
  /** Vietnamese label (shown first). */
  label: string;
  /** Optional English label, shown smaller after the Vietnamese one. */
  labelEn?: string;
  /** Roles that see it. Admins see every item. */
  roles: readonly StaffRole[];
}

/** The console's own pages, before any feature adds its own. */
const BUILT_IN_NAV: readonly NavItem[] = [
  { key: 'queue', href: `${CONSOLE_BASE}/queue`, label: 'Hàng đợi', labelEn: 'Queue', roles: ['admin', 'lead', 'officer'] },
  { key: 'departments', href: `${CONSOLE_BASE}/admin/departments`, label: 'Phòng ban', labelEn: 'Departments', roles: ['admin'] },
  { key: 'rules', href: `${CONSOLE_BASE}/admin/rules`, label: 'Phân luồng', labelEn: 'Routing', roles: ['admin'] },
  { key: 'staff', href: `${CONSOLE_BASE}/admin/staff`, label: 'Cán bộ', labelEn: 'Staff', roles: ['admin'] },
  { key: 'calendar', href: `${CONSOLE_BASE}/admin/calendar`, label: 'Lịch nghỉ', labelEn: 'Holidays', roles: ['admin'] },
];

/**
 * What every page of one console shows the same way: the navigation, the notices to admins and
 * dates in the service's display zone (`APP_TIMEZONE`). One per console, built with it, so two
 * services in one process each keep their own.
 */
export class ConsoleDisplay {
  private readonly navItems: NavItem[] = [...BUILT_IN_NAV];
  private readonly adminNotices = new Map<string, string>();

  constructor(readonly timeZone: string) {}

  /** Adds an entry to the navigation of every page; an entry with a `key` already present replaces it. */
  addNavItem(item: NavItem): void {
    const i = this.navItems.findIndex((n) => n.key === item.key);
    if (i >= 0) this.navItems[i] = item;
    else this.navItems.push(item);
  }

  /** The navigation entries a role sees, in order. */
  navItemsFor(role: StaffRole): NavItem[] {
    return this.navItems.filter((n) => role === 'admin' || n.roles.includes(role));
  }

  /**
   * Sets (or, with `undefined`, clears) a notice shown to admins at the top of every page, such
   * as the embedded database outgrowing what it serves well.
   */
  setAdminNotice(key: string, text: string | undefined): void {
    if (text === undefined) this.adminNotices.delete(key);
    else this.adminNotices.set(key, text);
  }

  /** The notices shown to admins, in the order they were first set. */
  adminNoticeTexts(): string[] {
    return [...this.adminNotices.values()];
  }

  /** `14:05 03/02/2026` style, in the display zone; empty for no date. */
  formatDateTime(date: Date | undefined | null): string {
    return date ? formatDateTimeIn(date, this.timeZone) : '';
  }

  /** `03/02/2026`, in the display zone; empty for no date. */
  formatDate(date: Date | undefined | null): string {
    return date ? formatDateIn(date, this.timeZone) : '';
  }
}

/** Remembers the console's display on the response, for the pages other features add under it. */
export function attachConsoleDisplay(display: ConsoleDisplay) {
  return (_req: unknown, res: Response, next: () => void): void => {
    res.locals.consoleDisplay = display;
    next();
  };
}

/**
 * The display of the console serving this response. Only for routes mounted under the console
 * (pages added through `ConsolePage`); throws elsewhere, where there is none.
 */
export function consoleDisplayOf(res: Response): ConsoleDisplay {
  const display: unknown = res.locals.consoleDisplay;
  if (!(display instanceof ConsoleDisplay)) throw new Error('consoleDisplayOf: this route is not mounted under the console');
  return display;
}
