/**
 * A tiny typed reader for environment variables. Each variable is declared once with its
 * parser; {@link readEnv} collects every problem before failing, so an operator sees all
 * missing or malformed variables in one message.
 */
export type Parser<T> = (raw: string | undefined, name: string, problems: string[]) => T;

export function str(defaultValue?: string): Parser<string> {
  return (raw, name, problems) => {
    const value = raw?.trim() || defaultValue;
    if (value === undefined) {
      problems.push(`${name} is required`);
      return '';
    }
    return value;
  };
}

export function optionalStr(): Parser<string | undefined> {
  return (raw) => (raw?.trim() ? raw.trim() : undefined);
}

export function int(defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  return (raw, name, problems) => {
    if (raw === undefined || raw.trim() === '') return defaultValue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return defaultValue;
    }
    return value;
  };
}

export function bool(defaultValue: boolean): Parser<boolean> {
  return (raw, name, problems) => {
    if (raw === undefined || raw.trim() === '') return defaultValue;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return defaultValue;
  };
}

export function url(defaultValue?: string): Parser<string> {
  return (raw, name, problems) => {
    const value = raw?.trim() || defaultValue;
    if (value === undefined) {
      problems.push(`${name} is required`);
      return '';
    }
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && !parsed.protocol.startsWith('mongodb')) {
        throw new Error('protocol');
      }
    } catch {
      problems.push(`${name} must be a URL (got "${value}")`);
    }
    return value.replace(/\/+$/, '');
  };
}

export function oneOf<T extends string>(values: readonly T[], defaultValue: T): Parser<T> {
  return (raw, name, problems) => {
    if (raw === undefined || raw.trim() === '') return defaultValue;
    const v = raw.trim() as T;
    if (!values.includes(v)) {
      problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return defaultValue;
    }
    return v;
  };
}

/** A cron expression; checked for five or six fields here, fully by node-cron when scheduled. */
export function cron(defaultValue: string): Parser<string> {
  return (raw, name, problems) => {
    const value = raw?.trim() || defaultValue;
    const fields = value.split(/\s+/).length;
    if (fields < 5 || fields > 6) problems.push(`${name} must be a cron expression of 5 or 6 fields (got "${value}")`);
    return value;
  };
}

/** Which peers may set `X-Forwarded-For`: a number of proxy hops, or proxy addresses, CIDR ranges and express's names. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f:]+(\/\d{1,3})?$/i;

/**
 * Parses `TRUST_PROXY`: `false` (or `0`) trusts no proxy; a whole number trusts that many hops
 * in front; otherwise a list of proxy addresses, CIDR ranges and the names `loopback`,
 * `linklocal`, `uniquelocal` (private networks). `true` is refused: trusting every peer lets
 * any client choose its own address.
 */
export function trustProxy(defaultValue: TrustProxy): Parser<TrustProxy> {
  return (raw, name, problems) => {
    if (raw === undefined || raw.trim() === '') return defaultValue;
    const value = raw.trim().toLowerCase();
    if (['false', '0', 'no', 'off', 'none'].includes(value)) return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(/[\s,]+/).filter((e) => e !== '');
    for (const entry of entries) {
      if (!PROXY_NAMES.has(entry) && !IPV4.test(entry) && !(entry.includes(':') && IPV6.test(entry))) {
        problems.push(
          `${name}: "${entry}" is not a number of hops, a proxy address or range, loopback, linklocal or uniquelocal (true is refused: it lets any client choose its address)`,
        );
      }
    }
    return entries;
  };
}
