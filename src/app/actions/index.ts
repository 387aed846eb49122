import type { ActionName } from '../../flows/actions-catalog.js';
import { firstAid, runTriage } from './assessment.js';
import type { ActionHandler } from './context.js';
import { requestHuman } from './human.js';
import { issueLinkCode, listLinks, redeemLinkCode, undoLink } from './link.js';
import { findAsset, listAssets, listRooms, listSites, loadProfile, saveProfile } from './places.js';
import { createTicket, listMyTickets, ticketDetailAction } from './tickets.js';

/** Every action a flow may name, implemented (the compiler checks none is missing). */
export const ACTION_HANDLERS: Record<ActionName, ActionHandler> = {
  load_profile: loadProfile,
  save_profile: saveProfile,
  list_sites: listSites,
  list_rooms: listRooms,
  list_assets: listAssets,
  find_asset: findAsset,
  triage: runTriage,
  first_aid: firstAid,
  create_ticket: createTicket,
  list_my_tickets: listMyTickets,
  ticket_detail: ticketDetailAction,
  request_human: requestHuman,
  link_code_issue: issueLinkCode,
  link_code_redeem: redeemLinkCode,
  link_list: listLinks,
  link_undo: undoLink,
};
