import type { Command } from '../command'
import { bracketsCommand } from './brackets'
import { diffCommand } from './diff'
import { inviteCommand } from './invite'

/** Every sub-command of `rolling-text`, in the order help lists them. */
export const commands: readonly Command[] = [
  diffCommand,
  bracketsCommand,
  inviteCommand,
]
