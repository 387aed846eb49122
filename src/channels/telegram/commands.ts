import type { Lang } from '../../domain/i18n.js';
import type { CommandName, SettingsFile } from '../../flows/schema.js';

/** The order commands are listed in Telegram's menu; commands added later go before "help". */
const MENU_ORDER: readonly string[] = ['report', 'my_tickets', 'human', 'language', 'help', 'cancel', 'start'];

function specs(settings: SettingsFile): [CommandName, SettingsFile['commands'][CommandName]][] {
  return Object.entries(settings.commands) as [CommandName, SettingsFile['commands'][CommandName]][];
}

/**
 * The bot's command menu in one language (setMyCommands): the first slash command of each
 * command, described by its label. Telegram wants 1–32 of a-z 0-9 _ and 1–256 characters.
 */
export function botCommands(settings: SettingsFile, lang: Lang): { command: string; description: string }[] {
  const rank = (name: string) => {
    const i = MENU_ORDER.indexOf(name);
    return i >= 0 ? i : MENU_ORDER.indexOf('help') - 0.5;
  };
  return specs(settings)
    .sort(([a], [b]) => rank(a) - rank(b))
    .flatMap(([, spec]) => {
      // A command without a slash form (a button only) has no place in the menu.
      const [slash] = spec.slash;
      return slash === undefined ? [] : [{ command: slash.replace(/^\//, '').toLowerCase(), description: spec.label[lang].slice(0, 256) }];
    })
    .filter((c) => /^[a-z0-9_]{1,32}$/.test(c.command) && c.description.trim() !== '');
}
