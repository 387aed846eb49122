import { expect } from 'vitest';
import type { TestDesk } from './desk.js';

/** A typed answer to each question a report may ask, by what the question says (the first that matches). */
export type TypedAnswers = readonly (readonly [RegExp, string])[];

/**
 * A teacher who sends `first` and then types the answer to each question the bot asks, until the
 * ticket is registered. Returns the questions asked (their first lines), everything the bot said,
 * and the ticket. A question without an answer in `answers` fails the test with the transcript.
 */
export async function reportByTyping(desk: TestDesk, key: string, first: string, answers: TypedAnswers) {
  const start = await desk.lastSeq(key);
  await desk.send(key, first);
  const asked: string[] = [];
  const registered = /工单号|registered as ticket/;
  for (let i = 0; i < 20; i++) {
    if (registered.test(await desk.botTextsSince(key, start))) break;
    const said = (await desk.lastBot(key))?.text ?? '';
    const answer = answers.find(([q]) => q.test(said))?.[1];
    if (answer === undefined) throw new Error(`no typed answer for: ${said}\n${await desk.botTextsSince(key, start)}`);
    asked.push(said.split('\n')[0] ?? said);
    await desk.send(key, answer);
  }
  const all = await desk.botTextsSince(key, start);
  expect(all).toMatch(registered);
  return { asked, all, ticket: (await desk.tickets()).at(-1)! };
}
