import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/connect.js';
import { freePort } from '../../src/db/local-ferretdb.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('unavailable');

/** The error the driver really gives when nothing listens where the database should be. */
async function errorFromAbsentServer(): Promise<unknown> {
  const client = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${await freePort()}`, { serverSelectionTimeoutMS: 300 });
  try {
    await client.db('x').collection('y').insertOne({ a: 1 });
    throw new Error('the insert should have failed');
  } catch (err) {
    return err;
  } finally {
    await client.close();
  }
}

describe('telling a database outage from other errors', () => {
  it('when nothing answers at the database address, then the error means "unavailable", also after Botkit rethrows it', async () => {
    const err = await errorFromAbsentServer();
    expect(isDatabaseUnavailable(err)).toBe(true);
    // Botkit's trigger() rethrows a handler's error as `Error(err)`, keeping only its text.
    expect(isDatabaseUnavailable(Error(String(err)))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: err }))).toBe(true);
  });

  it('when a connection drops mid-write, then the driver errors for it mean "unavailable"', () => {
    const ended = new mongoose.mongo.MongoNetworkError('This socket has been ended by the other party');
    expect(isDatabaseUnavailable(ended)).toBe(true);
    expect(isDatabaseUnavailable(Error(String(new mongoose.mongo.MongoNetworkError('connection 24 to 127.0.0.1:1 closed'))))).toBe(true);
  });

  it('when the database answers with a real refusal, or a platform cannot be reached, then it is not an outage', async () => {
    await ContactModel.create({ key: 'zalo:1', channel: 'zalo', userId: '1', firstSeenAt: new Date() });
    const duplicate = await ContactModel.create({ key: 'zalo:1', channel: 'zalo', userId: '1', firstSeenAt: new Date() }).catch((err: unknown) => err);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    const platformDown = await fetch(`http://127.0.0.1:${await freePort()}/`).catch((err: unknown) => err);
    expect(isDatabaseUnavailable(platformDown)).toBe(false);
    expect(isDatabaseUnavailable(Error('TypeError: Cannot read properties of undefined'))).toBe(false);
  });
});
