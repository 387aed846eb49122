import type { ActionName } from '../../flows/actions-catalog.js';
import type { ActionResult } from '../../flows/input.js';
import { firstAid, runTriage } from './assessment.js';
import { firstAidSolved } from './first-aid-solved.js';
import type { ActionHandler } from './context.js';
import { roomDevices } from './room-devices.js';
import { addToTicket, classifyIntentAction, openTicketOnAsset, recentTicket, reopenTicket } from './follow-up.js';
import { requestHuman } from './human.js';
import { issueLinkCode, listLinks, redeemLinkCode, undoLink } from './link.js';
import { findAsset, findPlaceAction, listAssets, listRooms, listSites, loadProfile, saveProfile } from './places.js';
import { describeFacts, findDevice, readFacts, understandReport } from './understand.js';
import { createTicket, listMyTickets, ticketDetailAction } from './tickets.js';

/**
 * An action about the sender themself (their profile, their tickets, their identities): for an
 * anonymous group member it does nothing and answers as given, so nobody's data is read or joined.
 */
const personal =
  (handler: ActionHandler, anonymous: ActionResult): ActionHandler =>
  async (ctx, input) =>
    ctx.contact.anonymous ? anonymous : handler(ctx, input);

/**
 * An action that gives or takes an identity (link codes): only in a one-to-one chat, where the
 * chat is the sender's own. In a group the code would be read by everyone, and a group chat is not
 * the person's to move.
 */
const oneToOne =
  (handler: ActionHandler, inGroup: ActionResult): ActionHandler =>
  async (ctx, input) =>
    ctx.conversation.externalKey === ctx.sender.userId ? handler(ctx, input) : inGroup;

/** Every action a flow may name, implemented (the compiler checks none is missing). */
export const ACTION_HANDLERS: Record<ActionName, ActionHandler> = {
  load_profile: personal(loadProfile, { outcome: 'unknown' }),
  save_profile: personal(saveProfile, { outcome: 'ok' }),
  list_sites: listSites,
  list_rooms: listRooms,
  list_assets: listAssets,
  find_asset: findAsset,
  find_place: findPlaceAction,
  find_device: findDevice,
  read_facts: readFacts,
  understand_report: understandReport,
  describe_facts: describeFacts,
  triage: runTriage,
  first_aid: firstAid,
  first_aid_solved: firstAidSolved,
  create_ticket: createTicket,
  list_my_tickets: personal(listMyTickets, { outcome: 'anonymous' }),
  ticket_detail: personal(ticketDetailAction, { outcome: 'not_found' }),
  classify_intent: classifyIntentAction,
  room_devices: roomDevices,
  recent_ticket: personal(recentTicket, { outcome: 'none' }),
  open_ticket_on_asset: openTicketOnAsset,
  reopen_ticket: personal(reopenTicket, { outcome: 'not_reopened' }),
  // Not personal: the ticket may be another teacher's open one on the device being reported.
  add_to_ticket: addToTicket,
  request_human: requestHuman,
  link_code_issue: personal(oneToOne(issueLinkCode, { outcome: 'group' }), { outcome: 'anonymous' }),
  link_code_redeem: personal(oneToOne(redeemLinkCode, { outcome: 'group' }), { outcome: 'anonymous' }),
  link_list: personal(oneToOne(listLinks, { outcome: 'none' }), { outcome: 'none' }),
  link_undo: personal(oneToOne(undoLink, { outcome: 'gone' }), { outcome: 'gone' }),
};
