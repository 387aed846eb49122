import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/app/metrics.js';
import { createExtractor } from '../../src/llm/index.js';
import { type TestDesk, testDesk, shippedCatalog } from '../support/desk.js';
import { FakeOpenAi, llmAnswer } from '../support/fake-openai.js';

/**
 * LLM_SEND_PHOTOS: the report's photo goes to the LLM with the text (image input), only when the
 * setting is on; otherwise the photo is never read for the LLM, and never leaves.
 */
const FIRST = '三年级二班的一体机屏幕出问题了，上课用不了';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

describe("the report's photo and the LLM (PGlite, fake LLM)", () => {
  let fake: FakeOpenAi;
  const desks: TestDesk[] = [];
  const reads: string[] = [];
  const photos = {
    read: async (id: string) => {
      reads.push(id);
      return { mime: 'image/jpeg', data: JPEG };
    },
  };

  async function deskWith(sendPhotos: boolean): Promise<TestDesk> {
    const catalog = await shippedCatalog();
    const extractor = createExtractor(
      {
        baseUrl: fake.baseUrl,
        apiKey: 'sk-desk',
        model: 'vision-model',
        timeoutMs: 2_000,
        maxConcurrency: 4,
        minConfidence: 0.7,
        ...(sendPhotos ? { sendPhotos: true } : {}),
      },
      catalog,
      { log: pino({ level: 'silent' }), counters: new Metrics() },
    );
    // As the background work wires it: photos are read only for an extractor that takes them.
    const desk = await testDesk('pglite', { extractor, ...(extractor.takesImages ? { photos } : {}) });
    desks.push(desk);
    return desk;
  }

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
  });
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.close()));
    await fake?.stop();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    reads.length = 0;
  });

  async function reportWithPhoto(desk: TestDesk, key: string) {
    await desk.send(key, FIRST);
    await desk.send(key, '郑老师');
    expect((await desk.lastBot(key))?.text).toMatch(/了解到/);
    await desk.send(key, '对');
    expect((await desk.lastBot(key))?.text).toMatch(/照片/);
    const attachmentId = await desk.store.read.attachments.create({
      conversationId: null,
      mime: 'image/jpeg',
      size: JPEG.length,
      sha256: 'a'.repeat(64),
      storageKey: 'photo-of-the-cracked-screen',
    });
    await desk.send(key, { kind: 'photo', attachmentId });
    for (let i = 0; i < 4 && !((await desk.lastBot(key))?.text ?? '').includes('确认提交吗'); i++) await desk.send(key, '没有解决');
    await desk.send(key, '确认');
    return { attachmentId, ticket: (await desk.tickets()).at(-1)! };
  }

  it('with LLM_SEND_PHOTOS=true the triage reads the text with the photo: what the photo shows reaches the ticket', async () => {
    const desk = await deskWith(true);
    fake.answer(
      {
        content: llmAnswer(
          {
            device: { value: 'interactive_panel' },
            symptom: { value: 'display_abnormal', quote: '屏幕出问题' },
            usable: { value: false, quote: '上课用不了' },
          },
          { place: '三年级二班' },
        ),
      },
      {
        content: llmAnswer({
          device: { value: 'interactive_panel' },
          symptom: { value: 'physical_damage', confidence: 0.9, quote: '屏幕出问题' },
          usable: { value: false },
        }),
      },
    );
    const { attachmentId, ticket } = await reportWithPhoto(desk, 'photo-on');
    expect(reads).toEqual([attachmentId]);
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(first?.body.messages.at(-1)?.content).toBe(FIRST);
    expect(second?.body.messages.at(-1)?.content).toEqual([
      { type: 'text', text: FIRST },
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${Buffer.from(JPEG).toString('base64')}` } },
    ]);
    expect(ticket.facts.symptom).toBe('physical_damage');
    expect(ticket.triage?.origins.symptom).toMatchObject({ source: 'llm' });
  });

  it('without it the photo is neither read nor sent: one call, text only', async () => {
    const desk = await deskWith(false);
    fake.answer({
      content: llmAnswer(
        { device: { value: 'interactive_panel' }, symptom: { value: 'display_abnormal' }, usable: { value: false } },
        { place: '三年级二班' },
      ),
    });
    const { ticket } = await reportWithPhoto(desk, 'photo-off');
    expect(reads).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests[0]?.body)).not.toContain('image_url');
    expect(ticket.facts.symptom).toBe('display_abnormal');
  });
});
