import type { ChannelName } from '../../domain/messages.js';
import type { Agent } from '../../ports/console-store.js';
import type { Store } from '../../ports/store.js';
import { newCode } from '../actions/link.js';

/** Whether a staff account has its own chat, and on which app. */
export interface ChatLinkState {
  readonly linked: boolean;
  readonly channel: ChannelName | null;
}

/** A code to enter in the chat (in the "link another app" flow), shown as "1234 5678". */
export interface StaffChatCode extends ChatLinkState {
  readonly code: string;
  readonly minutes: number;
  readonly expiresAt: Date;
}

/**
 * A staff member's own Telegram or LINE chat, where their tickets and warnings reach them: linked
 * with the same one-time code users link their apps with (the chat enters it in flows/link-account),
 * unlinked from the console. Every signed-in account manages its own link only.
 */
export class StaffChatLinks {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async state(agent: Agent): Promise<ChatLinkState> {
    const channel = await this.store.read.staff.chatChannel(agent.id);
    return { linked: channel !== null, channel };
  }

  /** A new code for the account (the one given before no longer works). */
  async issue(agent: Agent): Promise<StaffChatCode> {
    const now = this.clock();
    const issued = await this.store.transaction((r) =>
      newCode(now, (code, expiresAt) => r.staff.issueCode(agent.id, code, expiresAt, now)),
    );
    return { ...issued, ...(await this.state(agent)) };
  }

  /** The account no longer has a chat: nothing more reaches it there (presses there are a user's again). */
  async unlink(agent: Agent): Promise<ChatLinkState> {
    await this.store.transaction((r) => r.staff.unlinkChat(agent.id));
    return this.state(agent);
  }
}
