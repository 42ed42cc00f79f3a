import type { WorkingCalendar } from '../services/working-days.js';
import { collectReportData, type ReportData } from './collect.js';
import { computeFigures, type ReportFigures } from './figures.js';
import type { ReportPeriod } from './period.js';

export interface BuildReportOptions {
  timezone: string;
  calendar: WorkingCalendar;
  topicNames: ReadonlyMap<string, string>;
  /** Only this department's tickets; all when undefined. */
  departmentCode?: string;
  /** The report date: open tickets are judged on time or late as of it. Default now. */
  now?: Date;
}

/** A report: the documents it was computed from and its figures. */
export interface Report {
  data: ReportData;
  figures: ReportFigures;
}

/** Reads and computes the report of a period (see {@link collectReportData} and {@link computeFigures}). */
export async function buildReport(period: ReportPeriod, options: BuildReportOptions): Promise<Report> {
  const data = await collectReportData(period, { timezone: options.timezone, departmentCode: options.departmentCode, now: options.now });
  return { data, figures: computeFigures(data, { calendar: options.calendar, topicNames: options.topicNames }) };
}
