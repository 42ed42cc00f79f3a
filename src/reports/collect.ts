import { BroadcastModel } from '../db/models/broadcast.js';
import { DepartmentModel } from '../db/models/department.js';
import { peopleWhoWroteBetween, subscriberCounts, type SubscriberCounts } from '../services/contact-tallies.js';
import { rowsReceivedBetween, type TicketReportRow } from '../services/tickets/index.js';
import { newsProgress, type NewsProgress } from '../news/progress.js';
import { periodBounds, type ReportPeriod } from './period.js';

/** One ticket as the reports read it: no personal data (the contact key matches conversations to tickets; absent once anonymised). */
export type ReportTicket = Omit<TicketReportRow, 'updatedAt'>;

/** One news item sent in the period and how far it reached. */
interface ReportNewsItem {
  id: string;
  title: string;
  topic: string;
  scheduledAt: Date;
  progress: NewsProgress;
}

/** Everything a report is computed from, read with plain queries (FerretDB has partial aggregation). */
export interface ReportData {
  period: ReportPeriod;
  start: Date;
  end: Date;
  generatedAt: Date;
  /** Set when the report covers one department only. */
  departmentCode?: string;
  tickets: ReportTicket[];
  /** People subscribed to news now who still follow the channel, by topic and channel. */
  subscribers: SubscriberCounts;
  news: ReportNewsItem[];
  /** People who wrote to the bot in the period, each counted once. */
  peopleWhoWrote: number;
  departmentNames: Map<string, string>;
}

export interface CollectOptions {
  timezone: string;
  departmentCode?: string;
  now?: Date;
}

/**
 * Reads the period's tickets (received within it, of one department or all, from their month
 * copies), the current subscribers and the number of people who wrote in the period (from
 * their tallies), and the news items scheduled within it with their reach. Personal details
 * are never read.
 */
export async function collectReportData(period: ReportPeriod, options: CollectOptions): Promise<ReportData> {
  const { start, end } = periodBounds(period, options.timezone);
  // The month copies of the tickets (`ticket_months`): a year reads twelve snapshots and the
  // changes after them, not every ticket.
  const rows = await rowsReceivedBetween(period.from, period.to, options.timezone);
  const tickets: ReportTicket[] = rows
    .filter((r) => !options.departmentCode || r.departmentCode === options.departmentCode)
    .map(({ updatedAt: _lastChange, ...ticket }) => ticket);

  // The contacts' figures from their tallies (services/contact-tallies.ts), kept as people
  // write and subscribe: the contacts themselves are not read.
  const [subscribers, peopleWhoWrote] = await Promise.all([subscriberCounts(), peopleWhoWroteBetween(period.from, period.to)]);

  const items = await BroadcastModel.find({ scheduledAt: { $gte: start, $lt: end }, status: { $ne: 'cancelled' } }, { title: 1, topic: 1, scheduledAt: 1 })
    .sort({ scheduledAt: 1 })
    .lean();
  const news: ReportNewsItem[] = [];
  for (const item of items) {
    news.push({
      id: item._id.toString(),
      title: item.title,
      topic: item.topic,
      scheduledAt: item.scheduledAt,
      progress: await newsProgress(item._id.toString()),
    });
  }

  const departments = await DepartmentModel.find({}, { code: 1, name: 1 }).lean();
  return {
    period,
    start,
    end,
    generatedAt: options.now ?? new Date(),
    departmentCode: options.departmentCode,
    tickets,
    subscribers,
    news,
    peopleWhoWrote,
    departmentNames: new Map(departments.map((d) => [d.code, d.name?.vi ?? d.code])),
  };
}
