/**
 * Argument parsing for `kiosk-devices`: strict, so that a typo never silently does something else.
 * Usage errors are thrown as UsageError (exit 1, message on stderr).
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagKind = 'string' | 'int';

export interface FlagSpec {
  kind: FlagKind;
  /** For ints: inclusive bounds. */
  min?: number;
  max?: number;
  /** Allowed values (strings compared as written, ints as numbers). */
  oneOf?: readonly (string | number)[];
  required?: boolean;
}

export type ParsedFlags = Record<string, string | number | undefined>;

/** Parses `--name value` / `--name=value` flags (no positionals) against a spec. */
export function parseFlags(args: readonly string[], spec: Readonly<Record<string, FlagSpec>>, command: string): ParsedFlags {
  const out: ParsedFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const flag = spec[name];
    if (!flag) throw new UsageError(`${command}: unknown option --${name} (options: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${command}: --${name} needs a value`);
      i += 1;
    }
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new UsageError(`${command}: --${name} given twice`);
    out[name] = convert(name, value, flag, command);
  }
  for (const [name, flag] of Object.entries(spec)) {
    if (flag.required && out[name] === undefined) throw new UsageError(`${command}: --${name} is required`);
  }
  return out;
}

function convert(name: string, value: string, flag: FlagSpec, command: string): string | number {
  if (flag.kind === 'int') {
    if (!/^\d+$/.test(value)) throw new UsageError(`${command}: --${name} must be a whole number, not "${value}"`);
    const n = Number(value);
    if (flag.min !== undefined && n < flag.min) throw new UsageError(`${command}: --${name} must be at least ${flag.min}, not ${value}`);
    if (flag.max !== undefined && n > flag.max) throw new UsageError(`${command}: --${name} must be at most ${flag.max}, not ${value}`);
    if (flag.oneOf && !flag.oneOf.includes(n)) throw new UsageError(`${command}: --${name} must be one of ${flag.oneOf.join(', ')}, not ${value}`);
    return n;
  }
  if (value.length === 0) throw new UsageError(`${command}: --${name} must not be empty`);
  if (flag.oneOf && !flag.oneOf.includes(value)) throw new UsageError(`${command}: --${name} must be one of ${flag.oneOf.join(', ')}, not "${value}"`);
  return value;
}
