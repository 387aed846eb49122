import type { ChatClient } from './server.js';

/**
 * A teacher on the web chat (zh-CN, typing every answer) who reports a fault, gets a ticket, and
 * then asks for a human. Returns the ticket's number.
 */
export async function teacherWithTicket(chat: ChatClient): Promise<{ chat: ChatClient; number: string }> {
  await chat.open();
  await chat.waitFor(/请选择需要的服务/);
  await chat.post({ text: '一体机黑屏了' });
  await chat.waitFor(/怎么称呼/);
  await chat.post({ text: '孙老师' });
  let offered = false;
  for (const [question, answer] of [
    [/学校或场馆/, '明湖小学'],
    [/哪个教室/, '三年级二班'], // the panel: named in the first message, found in the room
    [/怎么发生/, '正常使用中出现'],
    [/还能用吗/, '完全不能用'],
    [/范围/, '只有这台设备'],
    [/重大活动/, '否'],
    [/照片/, '跳过'],
    [/问题解决了吗/, '没有解决'],
    [/确认提交吗/, '确认提交'],
  ] as const) {
    // The panel may have an open ticket (an earlier teacher's): this is another fault.
    if (!offered && (await chat.waitFor(new RegExp(`${question.source}|已有未完成的工单`))).found.text.includes('已有未完成的工单')) {
      offered = true;
      await chat.post({ text: '仍然报新故障' });
    }
    await chat.waitFor(question);
    await chat.post({ text: answer });
  }
  const { found, messages } = await chat.waitFor(/工单号：FX-/);
  const number = /FX-\d{4}-\d{6}/.exec(found.text)![0];
  await chat.post({ text: '转人工' });
  // The ticket's own message may name 人工 (after hours it says when a human answers): wait for the hand-off's reply.
  await chat.waitFor(/人工/, 10_000, Math.max(...messages.map((m) => m.seq)));
  return { chat, number };
}
