import { MENU_PAYLOAD } from '../../src/bot/runtime.js';

/**
 * Payloads of the choices the bot offers. Upper-case names; an argument follows a colon
 * (`TOPIC:do-luong`, `RATE:KHCN-2026-00042:5`). Commands work anywhere, even in the middle
 * of a flow; flow answers only mean something to the flow waiting for them.
 */
export const Command = {
  menu: MENU_PAYLOAD,
  topics: 'TOPICS',
  topic: 'TOPIC',
  topicPoints: 'TOPIC_POINTS',
  topicDocuments: 'TOPIC_DOCS',
  topicMore: 'TOPIC_MORE',
  faq: 'FAQ',
  ask: 'ASK',
  track: 'TRACK',
  trackByCode: 'TRACK_CODE',
  ticket: 'TICKET',
  complaints: 'COMPLAINTS',
  complain: 'COMPLAIN',
  reception: 'RECEPTION',
  events: 'EVENTS',
  event: 'EVENT',
  eventRegister: 'EVENT_REG',
  eventCancel: 'EVENT_CANCEL',
  myEvents: 'MY_EVENTS',
  news: 'NEWS',
  subscribe: 'SUB',
  unsubscribe: 'UNSUB',
  myData: 'MY_DATA',
  withdraw: 'WITHDRAW',
  erase: 'ERASE',
  eraseConfirm: 'ERASE_CONFIRM',
  language: 'LANG',
  rate: 'RATE',
} as const;

/** Answers that only a waiting flow understands. */
export const Answer = {
  topic: 'ASK_TOPIC',
  done: 'DONE',
  skip: 'SKIP',
  send: 'SEND',
  editText: 'EDIT_TEXT',
  editTopic: 'EDIT_TOPIC',
  editContact: 'EDIT_CONTACT',
  consentYes: 'CONSENT_YES',
  consentNo: 'CONSENT_NO',
  useSaved: 'DETAILS_SAVED',
  typeDetails: 'DETAILS_TYPE',
  toStaff: 'TO_STAFF',
} as const;

/** `NAME:arg1:arg2` */
export function payload(name: string, ...args: (string | number)[]): string {
  return [name, ...args.map(String)].join(':');
}
