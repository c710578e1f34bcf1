/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  /** Text, or the bytes of a file written with `-o -`. */
  stdout(text: string | Uint8Array): void
  stderr(text: string): void
  /** Everything on standard input (a FILE given as `-`). */
  stdin(): Promise<Buffer>
  /** Whether stdout is a terminal (colour is used only then). */
  isTTY: boolean
  cwd: string
}

/** One `rolling-text` sub-command. `run` returns the exit code. */
export interface Command {
  name: string
  summary: string
  usage: string
  run(args: string[], io: CliIO): Promise<number>
}

/** An expected failure a user can act on: printed as `rolling-text: message`
 *  with its exit code (2 for bad input files, 1 otherwise). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}
