import { z } from 'zod';

/**
 * The parts of Messenger webhook bodies we read, with Meta's field names. Everything else in a
 * messaging item is left alone (it is kept whole as the event's `raw`).
 */

/** Longest PSID or message id accepted; Meta's are far shorter (PSIDs 16 digits, mids about 100 characters). */
const MAX_ID_LENGTH = 512;

/** A PSID or message id. PSIDs arrive as strings; a number would already have lost digits in JSON.parse. */
const messengerId = z
  .string()
  .refine((text) => text !== '', { error: 'must not be empty', abort: true })
  // It becomes a database key (contact, inbox, leases): an absurd length is dropped, not stored.
  .max(MAX_ID_LENGTH, `is longer than ${MAX_ID_LENGTH} characters`);

/** A field we only use when it is well formed: anything else reads as absent rather than dropping the item. */
function ifValid<S extends z.ZodType>(schema: S) {
  return schema.optional().catch(undefined);
}

/** The envelope of a webhook body; `object` other than `page` is another product's webhook. */
export const messengerBody = z.object({ object: z.string() });

/** A Page webhook body: its entries are read one by one, so one bad entry never costs the others. */
export const messengerPageBody = z.object({ entry: z.array(z.unknown()) });

/** One `entry[]`: items for us in `messaging[]`; `standby[]` belongs to the app owning the thread. */
export const messengerEntry = z.object({
  messaging: z.array(z.unknown()).optional(),
  standby: ifValid(z.array(z.unknown())),
});

/** What every `messaging[]` item has: who and when. */
export const messengerItem = z.object({
  sender: z.object({ id: messengerId }),
  /** Epoch milliseconds. */
  timestamp: z.number().finite(),
});

/** The echo of a message the Page sent: ignored, whatever else it holds. */
export const messengerEcho = z.object({ is_echo: z.literal(true) });

/** `message`: a person's text, quick-reply tap or attachments. */
export const messengerMessage = z.object({
  mid: messengerId,
  text: z.string().optional(),
  quick_reply: z.object({ payload: z.string() }).optional(),
  /** Each read with {@link messengerAttachment}; one that is not an object is left out. */
  attachments: z.array(z.unknown()).optional(),
});

/** `postback`: a button tap. `mid` exists since Graph v11.0. */
export const messengerPostback = z.object({
  payload: z.string(),
  mid: messengerId.optional(),
  title: ifValid(z.string()),
});

/** One attachment of a person's message; odd fields read as absent (the rest of the message still counts). */
export const messengerAttachment = z.object({
  type: z.unknown().optional(),
  url: ifValid(z.string()),
  title: ifValid(z.string()),
  payload: ifValid(
    z
      .object({
        url: ifValid(z.string()),
        sticker_id: z.unknown().optional(),
        coordinates: ifValid(z.object({ lat: z.number().finite(), long: z.number().finite() })),
      })
      .nullable(),
  ),
});
/** One attachment as read. */
export type MessengerAttachment = z.output<typeof messengerAttachment>;
