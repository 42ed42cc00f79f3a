import { BroadcastDeliveryModel, DELIVERY_STATUSES, type DeliveryStatus } from '../db/models/broadcast-delivery.js';

/** Where a news item stands, as the console shows it. */
export interface NewsProgress {
  /** People the item was planned for. */
  targeted: number;
  /** Delivered by the platform (at the scheduled time or at next contact). */
  sent: number;
  /** Of `sent`, how many at the person's next contact. */
  sentAtNextContact: number;
  /** Window closed: goes at the person's next contact, until expiry. */
  waitingForNextContact: number;
  /** Planned or queued, not settled yet. */
  inProgress: number;
  expired: number;
  failed: number;
  /** Unsubscribed meanwhile, or the item was withdrawn. */
  cancelled: number;
  byStatus: Record<DeliveryStatus, number>;
}

/** Counts one item's deliveries by status (one count query per status, all on an index). */
export async function newsProgress(broadcastId: string): Promise<NewsProgress> {
  const id = String(broadcastId);
  const entries = await Promise.all(
    DELIVERY_STATUSES.map(async (status) => [status, await BroadcastDeliveryModel.countDocuments({ broadcastId: id, status })] as const),
  );
  const byStatus = Object.fromEntries(entries) as Record<DeliveryStatus, number>;
  const sentAtNextContact = await BroadcastDeliveryModel.countDocuments({ broadcastId: id, status: 'sent', via: 'next_contact' });
  return {
    targeted: Object.values(byStatus).reduce((a, b) => a + b, 0),
    sent: byStatus.sent,
    sentAtNextContact,
    waitingForNextContact: byStatus.waiting,
    inProgress: byStatus.planned + byStatus.queued + byStatus.claimed,
    expired: byStatus.expired,
    failed: byStatus.failed,
    cancelled: byStatus.cancelled,
    byStatus,
  };
}
