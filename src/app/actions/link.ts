import { randomInt } from 'node:crypto';
import type { ActionHandler } from './context.js';

const VALID_MINUTES = 10;

/** A one-time 6-digit code that links this contact with the one that enters it elsewhere. */
export const issueLinkCode: ActionHandler = async ({ repos, contact, now }) => {
  const expiresAt = new Date(now.getTime() + VALID_MINUTES * 60_000);
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (await repos.contacts.issueLinkCode(contact.id, code, expiresAt)) return { outcome: 'ok', value: { code, minutes: VALID_MINUTES } };
  }
};

/** Enters a code issued in another app: this identity joins the contact that issued it. */
export const redeemLinkCode: ActionHandler = async ({ repos, contact, now }, input) => {
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  const owner = /^\d{6}$/.test(code) ? await repos.contacts.redeemLinkCode(code, now) : null;
  if (!owner) return { outcome: 'invalid' };
  await repos.contacts.merge(contact.id, owner);
  return { outcome: 'linked' };
};
