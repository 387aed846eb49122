import { createHmac } from 'node:crypto';

/**
 * A teacher's whole fault report, typed as a teacher on a phone would (typed labels and words
 * work like buttons): a panel whose touch fails, named by its kind (not in the list, tag not
 * known: every simulated teacher's report is a new one; a device picked from the list would meet
 * the open ticket the first teacher left on it, and each script must get the same replies), the
 * first-aid tips not helping, the ticket (flows/tests/typed.yaml plays the same script).
 */
export const SCRIPT: readonly string[] = [
  '/start',
  '我要报修',
  '王老师',
  '明湖小学',
  '三年级二班',
  '不在列表中',
  '不知道',
  '一体机',
  '触摸屏点了没反应',
  '正常使用中出现',
  '还能用，但有问题',
  '只有这台设备',
  '否',
  '跳过',
  '没有解决',
  '确认提交',
];

export const TELEGRAM_SECRET = 'bench-telegram-webhook-secret';
export const TELEGRAM_TOKEN = '123456789:BENCHbenchBENCHbenchBENCHbench0';
export const LINE_SECRET = 'bench-line-channel-secret';
export const LINE_TOKEN = 'bench-line-channel-access-token';

export type Channel = 'telegram' | 'line';

/** One simulated teacher: which chat, and how far through the script. */
export interface Teacher {
  readonly channel: Channel;
  /** The chat as the platform and fixline name it (Telegram chat id, LINE user id). */
  readonly key: string;
  step: number;
  /** When each message was sent and acknowledged (performance.now()). */
  readonly sentAt: number[];
  readonly ackedAt: number[];
}

let updateId = 1;
export function telegramUpdate(chatId: string, messageId: number, text: string): string {
  const id = Number(chatId);
  return JSON.stringify({
    update_id: updateId++,
    message: {
      message_id: messageId,
      from: { id, is_bot: false, first_name: 'Bench', language_code: 'zh-hans' },
      chat: { id, type: 'private', first_name: 'Bench' },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
    },
  });
}

export function lineBody(userId: string, n: number, text: string): string {
  return JSON.stringify({
    destination: 'Ubenchbot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId },
        webhookEventId: `01BENCH${userId}${String(n).padStart(4, '0')}`,
        deliveryContext: { isRedelivery: false },
        replyToken: `${userId}|${n}`,
        message: { id: `${userId}-${n}`, type: 'text', text, quoteToken: 'q' },
      },
    ],
  });
}

export function lineSignature(body: string, secret = LINE_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** The webhook request for a teacher's n-th message. */
export function webhookRequest(
  base: string,
  teacher: Teacher,
  n: number,
  text: string,
): { url: string; headers: Record<string, string>; body: string } {
  if (teacher.channel === 'telegram') {
    return {
      url: `${base}/webhooks/telegram`,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: telegramUpdate(teacher.key, n + 1, text),
    };
  }
  const body = lineBody(teacher.key, n, text);
  return { url: `${base}/webhooks/line`, headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body) }, body };
}

/** Environment that points fixline's Telegram and LINE at the fake platforms, unthrottled. */
export function channelEnv(telegramUrl: string, lineUrl: string): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    TELEGRAM_API_ROOT: telegramUrl,
    PUBLIC_URL: 'https://fixline.bench.invalid',
    TELEGRAM_MAX_PER_SECOND: '10000',
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
    LINE_API_BASE_URL: lineUrl,
    LINE_DATA_API_BASE_URL: lineUrl,
    LINE_MAX_PER_SECOND: '10000',
  };
}
