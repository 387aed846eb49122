/**
 * The page's own words (its chrome, statuses and errors) in both languages. The conversation's
 * words come from the server in the conversation's language; these follow it.
 */

export type Lang = 'zh-CN' | 'en';

const zhCN = {
  title: '设备报修',
  newChat: '新对话',
  connecting: '连接中…',
  connected: '已连接',
  reconnecting: '连接已断开，正在重连…',
  offline: '连接已断开',
  placeholder: '输入消息，按 Enter 发送',
  inputLabel: '输入消息',
  send: '发送',
  photo: '发送照片',
  retry: '重试',
  dismiss: '关闭',
  log: '对话记录',
  options: '可选答案',
  you: '我',
  bot: '报修助手',
  agent: '人工客服',
  sending: '发送中…',
  failed: '发送失败',
  photoAlt: '照片',
  photoBroken: '照片无法显示',
  empty: '（空消息）',
  errUnauthorized: '这个对话已失效，请点「新对话」重新开始。',
  errTooLarge: '照片太大了（最大 10 MB），请换一张或缩小后再发送。',
  errNotImage: '只能发送 JPEG、PNG、WebP 或 GIF 格式的图片。',
  errTooMany: '发送太频繁了，请稍等几秒再试。',
  errNetwork: '网络连接失败，请检查网络后重试。',
  errServer: '服务暂时不可用，请稍后重试。',
  errInvalid: '消息无法发送，请修改后重试。',
  errStart: '无法开始对话，请检查网络后重试。',
  errNotSent: '消息没有发出去，内容已保留在输入框中。',
  errExpired: '之前的对话已过期，已为您开始新的对话。',
  errExpiredKept: '之前的对话已过期，已为您开始新的对话；您输入的内容仍在输入框中，可以直接发送。',
  errPhotoQuota: '这个对话保存的照片已达上限，无法再发送照片。请用文字描述问题。',
};

/** A word of the page: both languages have every key (the compiler checks `en` against zh-CN). */
export type TextKey = keyof typeof zhCN;

const en: Record<TextKey, string> = {
  title: 'Equipment fault desk',
  newChat: 'New chat',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  offline: 'Disconnected',
  placeholder: 'Type a message, Enter to send',
  inputLabel: 'Message',
  send: 'Send',
  photo: 'Send a photo',
  retry: 'Retry',
  dismiss: 'Dismiss',
  log: 'Conversation',
  options: 'Options',
  you: 'You',
  bot: 'Fault desk',
  agent: 'Agent',
  sending: 'Sending…',
  failed: 'Not sent',
  photoAlt: 'Photo',
  photoBroken: 'The photo could not be shown',
  empty: '(empty message)',
  errUnauthorized: 'This conversation has expired. Press "New chat" to start again.',
  errTooLarge: 'That photo is too large (10 MB at most). Please pick another or make it smaller.',
  errNotImage: 'Only JPEG, PNG, WebP or GIF images can be sent.',
  errTooMany: 'Too many messages at once. Please wait a few seconds and try again.',
  errNetwork: 'The network is not reachable. Please check your connection and try again.',
  errServer: 'The service is unavailable right now. Please try again shortly.',
  errInvalid: 'That message could not be sent. Please change it and try again.',
  errStart: 'The conversation could not be started. Please check your connection and try again.',
  errNotSent: 'Your message was not sent; it is still in the text box.',
  errExpired: 'Your previous conversation had expired, so a new one has started.',
  errExpiredKept:
    'Your previous conversation had expired, so a new one has started; what you typed is still in the text box, ready to send.',
  errPhotoQuota: 'This conversation already holds as many photos as it can keep. Please describe the problem in words.',
};

export const TEXTS: Readonly<Record<Lang, Readonly<Record<TextKey, string>>>> = { 'zh-CN': zhCN, en };

/** The page's word for `key` in `lang`. */
export function text(lang: Lang, key: TextKey): string {
  return TEXTS[lang][key];
}

/** Whether `key` names a word of the page (for keys read from data-i18n attributes). */
export function isTextKey(key: string | undefined): key is TextKey {
  return key !== undefined && Object.hasOwn(zhCN, key);
}

/** 'zh-CN' or 'en' for a language tag ('zh', 'zh-Hans', 'en-GB' …), '' for anything else. */
export function normLang(value: string | null | undefined): Lang | '' {
  if (value === 'en' || value === 'zh-CN') return value;
  if (value && /^zh/i.test(value)) return 'zh-CN';
  if (value && /^en/i.test(value)) return 'en';
  return '';
}
