/**
 * Tells one service's outbox worker there is something to do now (a new message, a
 * withdrawal), without waiting for its next poll. Each service hands its own to whoever
 * enqueues or withdraws, so a message queued by one service wakes that service's worker.
 */
export type WakeOutbox = () => void;
