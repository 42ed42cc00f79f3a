/** The per-source token bucket is shared by the webhooks and the web chat; it lives in src/http. */
export { TokenBucketLimiter, clientAddress, rateLimit, sendTooManyRequests, type TakeResult, type TokenBucketOptions } from '../../http/rate-limit.js';
