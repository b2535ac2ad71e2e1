/**
 * What the command line refuses before it does anything: an unknown command, subcommand or option,
 * a stray argument, an option without its value. Each refusal is a UsageError naming what was wrong;
 * the dispatcher prints it with where to find the usage and exits with status 2, so a script notices.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage `fazhi <command> --help` shows; none for an unknown command. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The arguments one command (or one subcommand of it) takes. */
export interface ArgSpec {
  options: ParseArgsOptionsConfig;
  /** Takes arguments that are not options (a file, a user name). */
  positionals?: boolean;
}

/** A command's arguments: the same for every use, or by its subcommand (the first argument). */
export type CommandArgs = ArgSpec | { subcommands: Record<string, ArgSpec> };

/** True when the user asks for the command's usage: `--help` or `-h` before any `--`. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

const quoted = (message: string) => /'([^']+)'/.exec(message)?.[1] ?? '';
/** "--org <value>" or "-o, --out <value>" as node words it: the long name if there is one. */
const optionNamed = (words: string) => /--[^\s,<]+/.exec(words)?.[0] ?? words.split(/[\s,]/)[0] ?? words;

/**
 * node's parseArgs refuses in English with a code; the same refusal in Chinese, naming the option
 * or argument. Anything else is not a usage error (undefined).
 */
export function usageErrorOf(error: unknown, command: string): UsageError | undefined {
  if (error instanceof UsageError) return error;
  if (!(error instanceof TypeError) || !('code' in error)) return undefined;
  const text = quoted(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`fazhi ${command} 没有选项 ${text}`, command);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`fazhi ${command} 不接受参数“${text}”`, command);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = optionNamed(text);
      if (error.message.includes('argument missing')) return new UsageError(`选项 ${option} 缺少取值`, command);
      if (error.message.includes('does not take an argument')) return new UsageError(`选项 ${option} 不带取值`, command);
      if (error.message.includes('ambiguous')) return new UsageError(`选项 ${option} 缺少取值（取值以“-”开头时请写成 ${option}=取值）`, command);
      return new UsageError(`选项 ${option} 的取值有误`, command);
    }
    default:
      return String(error.code).startsWith('ERR_PARSE_ARGS') ? new UsageError(`fazhi ${command} 的参数有误`, command) : undefined;
  }
}

/** parseArgs, refusing in Chinese (a UsageError) what it refuses. */
export function parseCommandArgs(command: string, args: readonly string[], spec: ArgSpec) {
  try {
    return parseArgs({ args: [...args], options: spec.options, allowPositionals: spec.positionals ?? false, strict: true });
  } catch (error) {
    throw usageErrorOf(error, command) ?? error;
  }
}

/**
 * Checks a command's arguments before anything is opened: a refused command line creates no
 * database, key file or audit row. A command with subcommands without one is left to print its usage.
 */
export function checkArgs(command: string, args: readonly string[], spec: CommandArgs): void {
  if (!('subcommands' in spec)) {
    parseCommandArgs(command, args, spec);
    return;
  }
  const [sub, ...rest] = args;
  if (sub === undefined) return;
  const subSpec = spec.subcommands[sub];
  if (!subSpec) {
    const known = Object.keys(spec.subcommands).join('、');
    throw new UsageError(sub.startsWith('-') ? `fazhi ${command} 没有选项 ${sub}（子命令：${known}）` : `fazhi ${command} 没有子命令“${sub}”（子命令：${known}）`, command);
  }
  parseCommandArgs(`${command} ${sub}`, rest, subSpec);
}

/** The edit distance between two words, for "did you mean" on an unknown command. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The known command closest to a mistyped one, when it is close enough to be meant. */
export function closestCommand(word: string, commands: readonly string[]): string | undefined {
  const scored = commands.map((c) => ({ c, d: distance(word, c) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= Math.max(1, Math.floor(best.c.length / 3)) ? best.c : undefined;
}
