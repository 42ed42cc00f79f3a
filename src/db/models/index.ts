import type { Model } from 'mongoose';
import { JobRunModel } from './job-run.js';
import { DeadlineDigestModel } from './deadline-digest.js';
import { BroadcastModel } from './broadcast.js';
import { BroadcastDeliveryModel } from './broadcast-delivery.js';
import { AuditEntryModel } from './audit-entry.js';
import { CalendarEditModel } from './calendar-edit.js';
import { ChannelTokenModel } from './channel-token.js';
import { ConsoleEventModel } from './console-event.js';
import { ContactModel } from './contact.js';
import { ContentDraftModel } from './content-draft.js';
import { ContentItemModel } from './content-item.js';
import { ContentRevisionModel } from './content-revision.js';
import { ContentVersionModel } from './content-version.js';
import { CounterClaimModel, CounterModel } from './counter.js';
import { DepartmentModel } from './department.js';
import { EventRegistrationModel } from './event-registration.js';
import { InboxEventModel } from './inbox-event.js';
import { InboxRecordModel } from './inbox-record.js';
import { LeaseModel } from './lease.js';
import { LoginThrottleModel } from './login-throttle.js';
import { OutboxMessageModel, OutboxRecordModel } from './outbox-message.js';
import { OutboxWithdrawalModel } from './outbox-withdrawal.js';
import { RoutingRuleModel } from './routing-rule.js';
import { StaffSessionModel } from './staff-session.js';
import { StaffModel } from './staff.js';
import { TakeoverRecordModel } from './takeover-record.js';
import { TicketModel } from './ticket.js';
import { TicketRefModel } from './ticket-ref.js';
import { TicketMonthChangeModel, TicketMonthModel } from './ticket-month.js';
import { TallyChangeModel, TallyModel } from './tally.js';
import { OpenTicketModel } from './open-ticket.js';
import { NewsSendingModel } from './news-sending.js';
import { TranscriptMessageModel } from './transcript-message.js';
import { UnansweredQuestionModel } from './unanswered-question.js';
import { WebChatMessageModel } from './webchat-message.js';

/** Every model whose indexes must exist before the service takes traffic. */
export const allModels: Pick<Model<unknown>, 'createIndexes'>[] = [
  BroadcastModel,
  BroadcastDeliveryModel,
  NewsSendingModel,
  DeadlineDigestModel,
  JobRunModel,
  AuditEntryModel,
  CalendarEditModel,
  ChannelTokenModel,
  ConsoleEventModel,
  ContactModel,
  ContentDraftModel,
  ContentItemModel,
  ContentRevisionModel,
  ContentVersionModel,
  CounterModel,
  CounterClaimModel,
  DepartmentModel,
  EventRegistrationModel,
  InboxEventModel,
  InboxRecordModel,
  LeaseModel,
  LoginThrottleModel,
  OutboxMessageModel,
  OutboxRecordModel,
  OutboxWithdrawalModel,
  RoutingRuleModel,
  StaffModel,
  StaffSessionModel,
  TakeoverRecordModel,
  TicketModel,
  TicketRefModel,
  TicketMonthModel,
  TicketMonthChangeModel,
  TallyModel,
  TallyChangeModel,
  OpenTicketModel,
  TranscriptMessageModel,
  UnansweredQuestionModel,
  WebChatMessageModel,
];
