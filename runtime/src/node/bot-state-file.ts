// The bot state on disk: `.rpa/bots.json` under the workspace, read fresh on every operation (the CLI
// and the extension may share it) and replaced atomically and durably (atomic-file.ts) on every write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BotStateFile } from '../../../language/src/bot-state/bot-state';
import { BOT_STATE_FILE, emptyBotStateFile } from '../../../language/src/bot-state/bot-state';
import { parseBotStateFile, serializeBotStateFile } from '../../../language/src/bot-state/bot-state-codec';
import type { BotStateStorage } from '../bots/bot-service';
import { writeFileAtomic } from './atomic-file';
import { STORE_DIR } from './open-store';

export class BotStateJsonFile implements BotStateStorage {
  readonly location: string;

  constructor(readonly path: string) {
    this.location = path;
  }

  /** `<workspace>/.rpa/bots.json`. */
  static inWorkspace(workspaceDir: string, stateDir = STORE_DIR): BotStateJsonFile {
    return new BotStateJsonFile(join(workspaceDir, stateDir, BOT_STATE_FILE));
  }

  read(): BotStateFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyBotStateFile();
      throw e;
    }
    return parseBotStateFile(text, this.path);
  }

  write(file: BotStateFile): void {
    writeFileAtomic(this.path, Buffer.from(serializeBotStateFile(file), 'utf8'));
  }

}
