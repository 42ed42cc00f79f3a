/** Wakes the outbox worker without waiting for its next poll; set by the service at start. */
let wake: () => void = () => {};

export function setOutboxWakeUp(fn: () => void): void {
  wake = fn;
}

/** Tells the outbox worker there is something to do now (a new message, a withdrawal). */
export function wakeOutbox(): void {
  wake();
}
