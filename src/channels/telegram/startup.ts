import type { Logger } from 'pino';
import type { SettingsFile } from '../../flows/schema.js';
import { isPermanent, type TelegramApi } from './api.js';
import { botCommands } from './commands.js';
import type { BotIdentity } from './identity.js';
import { ALLOWED_UPDATES, backoff, pause } from './polling.js';

/**
 * Runs a start-up step until it works: Telegram out of reach is logged and tried again in the
 * background (fixline keeps running); a refusal that will not change (a bad token) is logged as an
 * error and the step given up. Resolves true when the step worked.
 */
async function retrying(name: string, step: () => Promise<unknown>, api: TelegramApi, log: Logger, signal: AbortSignal): Promise<boolean> {
  for (let failures = 1; !signal.aborted; failures++) {
    try {
      await step();
      if (failures > 1) log.info({ step: name }, 'Telegram start-up step worked');
      return true;
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the loop checked it before the await; an abort during it lands here
      if (signal.aborted) return false;
      if (isPermanent(error)) {
        log.error(
          { step: name, error: api.describe(error) },
          'Telegram refused a start-up step (check TELEGRAM_BOT_TOKEN and the settings)',
        );
        return false;
      }
      log.warn({ step: name, error: api.describe(error), failures }, 'Telegram start-up step failed; trying again');
      await pause(backoff(failures), signal);
    }
  }
  return false;
}

/** The command menu in Chinese (language_code "zh") and in English (the default for everyone else). */
async function registerCommands(api: TelegramApi, settings: SettingsFile, signal: AbortSignal): Promise<void> {
  await api.call('setMyCommands', { commands: botCommands(settings, 'zh-CN'), language_code: 'zh' }, { timeoutMs: 15_000, signal });
  await api.call('setMyCommands', { commands: botCommands(settings, 'en') }, { timeoutMs: 15_000, signal });
}

function webhookUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/telegram`;
}

async function registerWebhook(api: TelegramApi, publicUrl: string, secret: string, signal: AbortSignal): Promise<void> {
  await api.call(
    'setWebhook',
    { url: webhookUrl(publicUrl), secret_token: secret, allowed_updates: ALLOWED_UPDATES },
    { timeoutMs: 15_000, signal },
  );
}

export interface StartUpPlan {
  readonly api: TelegramApi;
  readonly identity: BotIdentity;
  readonly settings: SettingsFile;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Webhook mode when set (with the secret); long polling otherwise. */
  readonly publicUrl?: string;
  readonly secret?: string;
  readonly poll: () => Promise<void>;
}

/** getMe, the command menus, then the webhook (or deleteWebhook and long polling), each retried on its own. */
export async function startUp(plan: StartUpPlan): Promise<void> {
  const { api, log, signal } = plan;
  const steps: Promise<unknown>[] = [
    retrying('getMe', () => plan.identity.load(signal), api, log, signal),
    retrying('setMyCommands', () => registerCommands(api, plan.settings, signal), api, log, signal),
  ];
  if (plan.publicUrl) {
    if (!plan.secret) log.error('PUBLIC_URL is set but TELEGRAM_WEBHOOK_SECRET is not: the Telegram webhook is not registered');
    else {
      const { publicUrl, secret } = plan;
      steps.push(
        retrying('setWebhook', () => registerWebhook(api, publicUrl, secret, signal), api, log, signal).then((ok) => {
          if (ok) log.info({ url: webhookUrl(publicUrl) }, 'Telegram webhook registered');
        }),
      );
    }
  } else {
    steps.push(
      (async () => {
        const ok = await retrying(
          'deleteWebhook',
          () => api.call('deleteWebhook', { drop_pending_updates: false }, { timeoutMs: 15_000, signal }),
          api,
          log,
          signal,
        );
        if (!ok) return;
        log.info('Telegram long polling started (no PUBLIC_URL)');
        await plan.poll();
      })(),
    );
  }
  await Promise.all(steps);
}
