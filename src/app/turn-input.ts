import type { InboundContent } from '../domain/messages.js';
import type { FlowInput } from '../flows/input.js';
import { isCommandName } from '../flows/commands.js';

/** What a turn makes of an inbound message: the flow engine's input, and the transcript's words. */

/** The engine's view of what the user sent (events without one — blocks — never reach it). */
export function toFlowInput(content: InboundContent): FlowInput {
  switch (content.kind) {
    case 'text':
    case 'choice':
    case 'unsupported':
    case 'edited':
      return content;
    case 'start':
      return content.assetTag === undefined ? { kind: 'start' } : { kind: 'start', assetTag: content.assetTag };
    case 'photo':
      if (!content.attachmentId) return { kind: 'unsupported', what: content.refused ? `photo_${content.refused}` : 'photo_failed' };
      return content.caption === undefined
        ? { kind: 'photo', attachmentId: content.attachmentId }
        : { kind: 'photo', attachmentId: content.attachmentId, caption: content.caption };
    case 'command': {
      // Parsed by the channel as it arrived (flows/commands.ts parseCommand); a name that is no
      // longer a command reads as the text it was.
      const command = content.command;
      if (!isCommandName(command)) return { kind: 'text', text: content.text ?? `/${command}${content.arg ? ` ${content.arg}` : ''}` };
      return content.arg === undefined ? { kind: 'command', command } : { kind: 'command', command, arg: content.arg };
    }
    case 'contact':
      return { kind: 'text', text: content.phone };
    case 'unblocked':
      return { kind: 'start' };
    case 'blocked':
      return { kind: 'unsupported', what: 'other' };
    case 'location':
      // Only an engineer's check-in reads a location (app/engineer): for the flows it is unreadable.
      return { kind: 'unsupported', what: 'location' };
  }
}

/** How an inbound message reads in the transcript (a pressed button: its id, until its label is found). */
export function transcriptText(content: InboundContent): string {
  switch (content.kind) {
    case 'text':
      return content.text;
    case 'choice':
      return content.id;
    case 'photo':
      return content.caption ?? '';
    case 'command':
      return content.text ?? `/${content.command}${content.arg ? ` ${content.arg}` : ''}`;
    case 'start':
      return content.text ?? (content.assetTag ? `/start ${content.assetTag}` : '/start');
    case 'contact':
      return content.phone;
    case 'edited':
      return content.text;
    case 'blocked':
      return '[blocked the bot]';
    case 'unblocked':
      return '[came back]';
    case 'unsupported':
      return `[${content.what}]`;
    case 'location':
      return '[location]';
  }
}
