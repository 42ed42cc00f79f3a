import { z } from 'zod';

/**
 * The parts of Zalo OA webhook events we read, with Zalo's field names. Everything else in a
 * body is left alone (it is kept whole as the event's `raw`).
 */

/** Longest id accepted; Zalo's are 19 digits (people, apps) or 32 hex digits (messages). */
const MAX_ID_LENGTH = 128;

/** An id or timestamp: a string, or an unquoted integer that JSON kept exact (read as its digits). */
const zaloId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value),
  z
    .string()
    .refine((text) => text.trim() !== '', { error: 'must not be empty', abort: true })
    // It becomes a database key (contact, inbox, leases): an absurd length is refused, not stored.
    .max(MAX_ID_LENGTH, `is longer than ${MAX_ID_LENGTH} characters`),
);

/** Text that Zalo may leave out or send as null. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

const coordinate = z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), z.number().finite());

/** What every event has: which event, for which app, when. `event_name` absent is the console's probe. */
export const zaloEnvelope = z.object({
  event_name: z.string().optional(),
  app_id: zaloId,
  timestamp: zaloId.pipe(z.string().regex(/^\d{1,16}$/, 'is not epoch milliseconds')),
});

const attachment = z.object({
  type: z.string(),
  payload: z.object({ url: optionalText, name: optionalText, coordinates: z.object({ latitude: coordinate, longitude: coordinate }).optional() }).optional(),
});
/** One attachment of a person's message. */
export type ZaloAttachment = z.output<typeof attachment>;

/** `user_send_*`: a message from a person. */
export const zaloMessageEvent = z.object({
  sender: z.object({ id: zaloId }),
  message: z.object({ msg_id: zaloId.optional(), text: optionalText, attachments: z.array(attachment).optional() }),
});

/** `follow`, `unfollow`. */
export const zaloFollowEvent = z.object({ follower: z.object({ id: zaloId }) });

const addressPart = { user_address: optionalText, user_ward: optionalText, user_district: optionalText, user_city: optionalText };

/** `user_submit_info`, in both shapes: the classic flat `info` and the newer one with `full_address`. */
export const zaloSubmitInfoEvent = z.object({
  sender: z.object({ id: zaloId }),
  info: z.object({
    name: optionalText,
    phone: optionalText,
    address: optionalText,
    ward: optionalText,
    district: optionalText,
    city: optionalText,
    full_address: z.object(addressPart).optional(),
  }),
});
