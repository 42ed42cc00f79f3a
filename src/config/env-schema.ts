import { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Schemas for environment variables, one builder per kind of value. A variable left unset or
 * blank reads as unset (its default, when it has one); a set one loses its surrounding spaces.
 * Every message starts after the variable's name, which {@link readEnv} puts in front.
 */
type Env = Record<string, string | undefined>;

function setValue(raw: unknown): unknown {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

/** Reads one variable with `schema`, after a blank value is made unset; for the rare kind no builder below covers. */
export function variable<T extends z.ZodType>(schema: T) {
  return z.preprocess(setValue, schema);
}

const got = (input: unknown) => `(got "${String(input)}")`;

/** Text, with a default when unset; without a default, the variable is required. */
export function text(defaultValue?: string) {
  const schema = z.string({ error: 'is required' });
  return variable(defaultValue === undefined ? schema : schema.default(defaultValue));
}

/** Text that may be left unset. */
export function optionalText() {
  return variable(z.string().optional());
}

/** A whole number from `min` to `max`. */
export function wholeNumber(defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const inRange = (raw: string) => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max;
  };
  return variable(
    z
      .string()
      .refine(inRange, { error: (issue) => `must be a whole number from ${min} to ${max} ${got(issue.input)}` })
      .transform(Number)
      .default(defaultValue),
  );
}

/** `true`, `yes`, `on`, `1` or `false`, `no`, `off`, `0`, in any case; unset when not set. */
export function optionalFlag() {
  return variable(
    z
      .stringbool({ truthy: ['1', 'true', 'yes', 'on'], falsy: ['0', 'false', 'no', 'off'], error: (issue) => `must be true or false ${got(issue.input)}` })
      .optional(),
  );
}

/** A flag (see {@link optionalFlag}) with a default. */
export function flag(defaultValue: boolean) {
  return optionalFlag().transform((value) => value ?? defaultValue);
}

/** An http(s) or mongodb URL, without trailing slashes. */
export function baseUrl(defaultValue: string) {
  return variable(
    z
      .url({ protocol: /^(https?|mongodb.*)$/, error: (issue) => `must be a URL ${got(issue.input)}` })
      .default(defaultValue)
      .transform((value) => value.replace(/\/+$/, '')),
  );
}

/** One of `values`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  return variable(z.enum(values, { error: (issue) => `must be one of ${values.join(', ')} ${got(issue.input)}` }).default(defaultValue));
}

/** Text matching `pattern`, `example` showing what it looks like. */
export function textLike(pattern: RegExp, example: string, defaultValue: string) {
  return variable(
    z
      .string()
      .regex(pattern, { error: (issue) => `must look like ${example} ${got(issue.input)}` })
      .default(defaultValue),
  );
}

/** A cron expression; checked for five or six fields here, fully by node-cron when scheduled. */
export function cron(defaultValue: string) {
  const hasFields = (value: string) => {
    const fields = value.split(/\s+/).length;
    return fields >= 5 && fields <= 6;
  };
  return variable(
    z
      .string()
      .refine(hasFields, { error: (issue) => `must be a cron expression of 5 or 6 fields ${got(issue.input)}` })
      .default(defaultValue),
  );
}

/** A list separated by spaces or commas, each entry without trailing slashes; unset when not set. */
export function optionalList() {
  return variable(
    z
      .string()
      .transform((value) =>
        value
          .split(/[\s,]+/)
          .filter((entry) => entry !== '')
          .map((entry) => entry.replace(/\/+$/, '')),
      )
      .optional(),
  );
}

/** Which peers may set `X-Forwarded-For`: a number of proxy hops, or proxy addresses, CIDR ranges and express's names. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f:]+(\/\d{1,3})?$/i;
const isProxy = (entry: string) => PROXY_NAMES.has(entry) || IPV4.test(entry) || (entry.includes(':') && IPV6.test(entry));

/**
 * `TRUST_PROXY`: `false` (or `0`) trusts no proxy; a whole number trusts that many hops in
 * front; otherwise a list of proxy addresses, CIDR ranges and the names `loopback`,
 * `linklocal`, `uniquelocal` (private networks). `true` is refused: trusting every peer lets
 * any client choose its own address. Unset when not set.
 */
export function optionalTrustProxy() {
  return variable(
    z
      .string()
      .transform((raw, ctx): TrustProxy => {
        const value = raw.toLowerCase();
        if (['false', '0', 'no', 'off', 'none'].includes(value)) return false;
        if (/^\d{1,2}$/.test(value)) return Number(value);
        const entries = value.split(/[\s,]+/).filter((entry) => entry !== '');
        for (const entry of entries.filter((e) => !isProxy(e))) {
          ctx.issues.push({
            code: 'custom',
            input: raw,
            message: `lists "${entry}", which is not a number of hops, a proxy address or range, loopback, linklocal or uniquelocal (true is refused: it lets any client choose its address)`,
          });
        }
        return entries;
      })
      .optional(),
  );
}

/**
 * A rule over several variables: they are set all together or not at all. Use in the `rules`
 * of {@link readEnv}; `message` tells the operator what to set.
 */
export function allOrNone(names: readonly string[], message: string) {
  return z.record(z.string(), z.unknown()).refine((env) => {
    const set = names.filter((name) => setValue(env[name]) !== undefined).length;
    return set === 0 || set === names.length;
  }, message);
}

/** One line per problem: the variable's name, then what is wrong with it. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message));
}

/**
 * Reads variables from `env` with `schema` (an object of the builders above, keyed by the
 * variables' names) and checks `rules` over the same variables. Throws one
 * {@link ConfigError} naming every missing or malformed variable and every broken rule, so an
 * operator fixes them all in one go.
 */
export function readEnv<S extends z.ZodType>(env: Env, schema: S, rules: readonly z.ZodType[] = []): z.output<S> {
  // `process.env` is not a plain object, and zod's records accept plain objects only.
  const vars: Env = { ...env };
  const result = schema.safeParse(vars);
  const problems = describeIssues(result.error?.issues ?? []);
  for (const rule of rules) problems.push(...describeIssues(rule.safeParse(vars).error?.issues ?? []));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return result.data;
}
