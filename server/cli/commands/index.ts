import type { Command } from '../command'
import { backupCommand, restoreCommand } from './backup'
import { bracketsCommand } from './brackets'
import { diffCommand } from './diff'
import { historyCommand } from './history'
import { exportCommand } from './export'
import { importCommand } from './import'
import { inviteCommand } from './invite'
import { keysCommand } from './keys'
import { matrixCommand } from './matrix'
import { migrateCommand } from './migrate'
import { serveCommand } from './serve'

/** Every sub-command of `rolling-text`, in the order help lists them. */
export const commands: readonly Command[] = [
  diffCommand,
  historyCommand,
  matrixCommand,
  bracketsCommand,
  importCommand,
  exportCommand,
  inviteCommand,
  serveCommand,
  backupCommand,
  restoreCommand,
  keysCommand,
  migrateCommand,
]
