// fixline web chat: the page at /chat. Plain ES2020, no build step, no framework.
// The Content-Security-Policy forbids inline scripts and styles, so everything is built with DOM
// calls, every message is rendered with textContent, and looks come from classes in chat.css.
'use strict';

(() => {
  const API = '/api/webchat';
  const STORAGE_KEY = 'fixline.webchat.session';
  const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
  const SHRINK_ABOVE_BYTES = 8 * 1024 * 1024;
  const UPLOADABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
  const POLL_MS = 3000;
  const STREAM_SILENCE_MS = 50000; // the server sends a keep-alive every 20 s
  const STREAM_FAILURES_BEFORE_POLLING = 3;

  // ---- the small dictionary of the page's own words --------------------------------------------
  const TEXT = {
    'zh-CN': {
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
    },
    en: {
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
      errExpiredKept: 'Your previous conversation had expired, so a new one has started; what you typed is still in the text box, ready to send.',
      errPhotoQuota: 'This conversation already holds as many photos as it can keep. Please describe the problem in words.',
    },
  };

  const $ = (id) => document.getElementById(id);
  const ui = {
    list: $('messages'),
    status: $('status'),
    statusText: $('status-text'),
    newChat: $('new-chat'),
    alert: $('alert'),
    alertText: $('alert-text'),
    alertRetry: $('alert-retry'),
    alertClose: $('alert-close'),
    form: $('composer'),
    input: $('input'),
    send: $('send'),
    photoButton: $('photo-button'),
    photoInput: $('photo-input'),
  };

  const state = {
    lang: 'zh-CN',
    sessionId: '',
    token: '',
    lastSeq: 0,
    /** seq → { m, el } for every transcript entry shown */
    shown: new Map(),
    /** seqs in order */
    order: [],
    /** messages sent from this page that the server's transcript has not echoed yet */
    pending: [],
    objectUrls: [],
    stick: true,
    status: 'connecting',
    live: null,
    alertRetry: null,
    starting: false,
  };

  const t = (key) => (TEXT[state.lang] || TEXT['zh-CN'])[key] || TEXT['zh-CN'][key] || key;
  const normLang = (v) => (v === 'en' || v === 'zh-CN' ? v : v && /^zh/i.test(v) ? 'zh-CN' : v && /^en/i.test(v) ? 'en' : '');

  // ---- language of the page's chrome -----------------------------------------------------------
  function setLang(lang) {
    const next = normLang(lang) || 'zh-CN';
    if (next === state.lang && document.documentElement.lang === next) return;
    state.lang = next;
    document.documentElement.lang = next;
    applyChrome();
    save();
  }

  function applyChrome() {
    document.title = t('title');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
    for (const el of document.querySelectorAll('[data-i18n-label]')) {
      el.setAttribute('aria-label', t(el.dataset.i18nLabel));
      el.title = t(el.dataset.i18nLabel);
    }
    for (const el of document.querySelectorAll('[data-i18n-alt]')) el.alt = t(el.dataset.i18nAlt);
    ui.list.setAttribute('aria-label', t('log'));
    setStatus(state.status);
    for (const p of state.pending) renderPendingStatus(p);
  }

  function setStatus(status) {
    state.status = status;
    ui.status.dataset.state = status;
    ui.statusText.textContent = t(status === 'polling' ? 'connected' : status);
  }

  // ---- the session kept in localStorage --------------------------------------------------------
  function loadSaved() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && typeof saved.sessionId === 'string' && typeof saved.token === 'string') return saved;
    } catch {
      // storage disabled or damaged: start afresh
    }
    return null;
  }

  function save() {
    if (!state.sessionId) return;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ sessionId: state.sessionId, token: state.token, lang: state.lang }));
    } catch {
      // private mode without storage: the conversation just won't survive a reload
    }
  }

  function forget() {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing to do
    }
  }

  /** Removes ?asset= and ?lang= once used, so a reload continues the conversation. */
  function cleanUrl() {
    const url = new URL(location.href);
    if (!url.searchParams.has('asset') && !url.searchParams.has('lang')) return;
    url.searchParams.delete('asset');
    url.searchParams.delete('lang');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  // ---- the API ---------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message || code);
      this.status = status;
      this.code = code;
    }
  }

  const sessionPath = () => `${API}/sessions/${encodeURIComponent(state.sessionId)}`;

  async function api(method, path, options = {}) {
    const headers = {};
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    let body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['Content-Type'] = options.contentType || 'application/octet-stream';
      body = options.body;
    }
    if (options.accept) headers.Accept = options.accept;
    let res;
    try {
      res = await fetch(path, { method, headers, body, signal: options.signal, cache: options.cache || 'no-store', credentials: 'same-origin' });
    } catch (error) {
      if (error && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network', String(error));
    }
    if (!res.ok) {
      let info = {};
      try {
        info = await res.json();
      } catch {
        // not JSON (a proxy's error page): the status says enough
      }
      throw new ApiError(res.status, (info && info.error) || `http_${res.status}`, info && info.message);
    }
    return res;
  }

  function errorText(error) {
    const status = error && error.status;
    if (status === 401 || status === 404) return t('errUnauthorized');
    if (error && error.code === 'photo_quota') return t('errPhotoQuota');
    if (status === 413) return t('errTooLarge');
    if (status === 415) return t('errNotImage');
    if (status === 429) return t('errTooMany');
    if (status === 0 || status === undefined) return t('errNetwork');
    if (status >= 500) return t('errServer');
    return t('errInvalid');
  }

  const isGone = (error) => error && (error.status === 401 || error.status === 404);

  function newClientId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return `w${Date.now().toString(36)}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  // ---- alerts ----------------------------------------------------------------------------------
  function showAlert(text, retry) {
    ui.alertText.textContent = text;
    state.alertRetry = retry || null;
    ui.alertRetry.hidden = !retry;
    ui.alert.hidden = false;
    stickToBottomSoon();
  }

  function hideAlert() {
    ui.alert.hidden = true;
    ui.alertText.textContent = '';
    state.alertRetry = null;
  }

  // ---- rendering -------------------------------------------------------------------------------
  function formatTime(at) {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return '';
    const now = new Date();
    const sameDay = date.toDateString() === now.toDateString();
    const time = date.toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit', hour12: false });
    if (sameDay) return time;
    return `${date.toLocaleDateString(state.lang, { month: 'numeric', day: 'numeric' })} ${time}`;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function senderLabel(from) {
    const label = el('span', 'visually-hidden');
    label.dataset.i18n = from === 'user' ? 'you' : from === 'agent' ? 'agent' : 'bot';
    label.textContent = t(label.dataset.i18n);
    return label;
  }

  function photoElement(src) {
    const img = el('img', 'photo');
    img.dataset.i18nAlt = 'photoAlt';
    img.alt = t('photoAlt');
    img.decoding = 'async';
    img.addEventListener('load', stickToBottomSoon);
    if (src) img.src = src;
    return img;
  }

  /** Fetches a transcript photo with the session token and shows it through a blob URL. */
  async function loadPhoto(url, img) {
    try {
      const res = await api('GET', url, { cache: 'default' });
      const blob = await res.blob();
      const objectUrl = URL.createObjectURL(blob);
      state.objectUrls.push(objectUrl);
      img.src = objectUrl;
    } catch {
      const note = el('span', 'photo-broken', t('photoBroken'));
      note.dataset.i18n = 'photoBroken';
      img.replaceWith(note);
    }
  }

  function renderMessage(m, localPhotoUrl) {
    const from = m.from === 'user' || m.from === 'agent' ? m.from : 'bot';
    const row = el('div', `msg msg-${from}`);
    row.dataset.seq = String(m.seq);
    const bubble = el('div', 'bubble');
    if (from === 'agent') {
      const tag = el('span', 'tag', t('agent'));
      tag.dataset.i18n = 'agent';
      bubble.append(tag);
    } else {
      bubble.append(senderLabel(from));
    }
    const text = typeof m.text === 'string' ? m.text : '';
    if (text !== '') bubble.append(el('div', 'text', text));
    if (m.photo) {
      const img = photoElement(localPhotoUrl);
      bubble.append(img);
      if (!localPhotoUrl) void loadPhoto(m.photo, img);
    }
    if (text === '' && !m.photo) {
      const empty = el('div', 'text text-empty', t('empty'));
      empty.dataset.i18n = 'empty';
      bubble.append(empty);
    }
    row.append(bubble);
    if (Array.isArray(m.choices) && m.choices.length > 0) {
      const group = el('div', 'choices');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('options'));
      for (const choice of m.choices) {
        const button = el('button', 'choice', String(choice.label));
        button.type = 'button';
        button.dataset.choice = String(choice.id);
        button.addEventListener('click', () => sendChoice(m, choice, button));
        group.append(button);
      }
      row.append(group);
    }
    const time = el('time', 'time', formatTime(m.at));
    time.dateTime = m.at || '';
    row.append(time);
    return row;
  }

  const firstPendingElement = () => (state.pending.length ? state.pending[0].el : null);

  function addServerMessage(m) {
    if (!m || typeof m.seq !== 'number' || state.shown.has(m.seq)) return;
    if (m.lang) setLang(m.lang);
    const claimed = m.from === 'user' ? claimPending(m) : null;
    const row = renderMessage(m, claimed && claimed.kind === 'photo' ? claimed.url : undefined);
    if (m.seq > state.lastSeq) {
      ui.list.insertBefore(row, firstPendingElement());
      state.order.push(m.seq);
      state.lastSeq = m.seq;
    } else {
      // An older entry arriving late (rare): put it in its place.
      const index = state.order.findIndex((s) => s > m.seq);
      const before = index < 0 ? firstPendingElement() : state.shown.get(state.order[index]).el;
      ui.list.insertBefore(row, before);
      state.order.splice(index < 0 ? state.order.length : index, 0, m.seq);
    }
    state.shown.set(m.seq, { m, el: row });
    if (claimed) claimed.el.remove();
    if (m.from === 'user') markChosen(m);
    refreshChoices();
    stickToBottomSoon(claimed !== null);
  }

  /** Shows which button of the question before a user's answer was the answer. */
  function markChosen(m) {
    const index = state.order.indexOf(m.seq);
    const previous = index > 0 ? state.shown.get(state.order[index - 1]) : null;
    if (!previous || !Array.isArray(previous.m.choices)) return;
    for (const button of previous.el.querySelectorAll('.choice')) {
      if (button.textContent === m.text) button.classList.add('chosen');
    }
  }

  /**
   * Only the buttons of the newest bot question are live; older ones stay visible but disabled,
   * as do the newest ones once the user has answered (or is answering) them.
   */
  function refreshChoices() {
    let active = null;
    for (let i = state.order.length - 1; i >= 0; i--) {
      const entry = state.shown.get(state.order[i]);
      if (entry.m.from === 'user') break;
      if (entry.m.from === 'bot') {
        if (Array.isArray(entry.m.choices) && entry.m.choices.length) active = entry;
        break;
      }
    }
    if (active && state.pending.some((p) => p.status !== 'failed')) active = null;
    for (const button of ui.list.querySelectorAll('.choice')) {
      button.disabled = !active || !active.el.contains(button);
    }
  }

  // ---- sending: optimistic bubbles replaced by the server's copy -------------------------------
  function addPending(p) {
    const row = el('div', 'msg msg-user msg-pending');
    const bubble = el('div', 'bubble');
    bubble.append(senderLabel('user'));
    if (p.kind === 'photo') bubble.append(photoElement(p.url));
    else bubble.append(el('div', 'text', p.text));
    const status = el('div', 'pending-status');
    row.append(bubble, status);
    p.el = row;
    p.statusEl = status;
    state.pending.push(p);
    ui.list.append(row);
    renderPendingStatus(p);
    refreshChoices();
    state.stick = true;
    stickToBottomSoon(true);
  }

  function renderPendingStatus(p) {
    if (!p.statusEl) return;
    p.el.classList.toggle('msg-failed', p.status === 'failed');
    p.statusEl.textContent = '';
    if (p.status === 'sending') p.statusEl.append(el('span', 'pending-text', t('sending')));
    if (p.status === 'failed') {
      p.statusEl.append(el('span', 'pending-text', t('failed')));
      const retry = el('button', 'link-button', t('retry'));
      retry.type = 'button';
      retry.addEventListener('click', () => deliver(p));
      p.statusEl.append(retry);
    }
  }

  function removePending(p) {
    const index = state.pending.indexOf(p);
    if (index >= 0) state.pending.splice(index, 1);
    if (p.el.isConnected) p.el.remove();
    if (state.alertRetry && state.alertRetry.pending === p) hideAlert();
  }

  /** Finds the local bubble a server user entry stands for, and takes it off the pending list. */
  function claimPending(m) {
    const same = (p) =>
      p.kind === 'photo' ? Boolean(m.photo) : !m.photo && (p.kind === 'choice' ? m.text === p.label : m.text.trim() === p.text.trim());
    let p = state.pending.find(same);
    if (!p) p = state.pending.find((q) => q.status === 'sent' && (q.kind === 'photo') === Boolean(m.photo));
    if (!p) return null;
    const index = state.pending.indexOf(p);
    state.pending.splice(index, 1);
    if (p.restored && ui.input.value === p.text) {
      // It did arrive after all: nothing to resend.
      ui.input.value = '';
      inputChanged();
    }
    if (state.alertRetry && state.alertRetry.pending === p) hideAlert();
    return p;
  }

  async function deliver(p) {
    p.status = 'sending';
    renderPendingStatus(p);
    refreshChoices();
    try {
      if (p.kind === 'photo') {
        await api('POST', `${sessionPath()}/photos?clientId=${encodeURIComponent(p.clientId)}`, { body: p.blob, contentType: p.blob.type || 'application/octet-stream' });
      } else {
        const body = p.kind === 'choice' ? { choice: p.choiceId, clientId: p.clientId } : { text: p.text, clientId: p.clientId };
        await api('POST', `${sessionPath()}/messages`, { json: body });
      }
      if (p.restored && ui.input.value === p.text) {
        // The words put back after a failure went through on retry: nothing left to send.
        ui.input.value = '';
        inputChanged();
      }
      p.restored = false;
      if (!state.pending.includes(p)) return; // the server's copy already arrived
      p.status = 'sent';
      renderPendingStatus(p);
      if (state.alertRetry && state.alertRetry.pending === p) hideAlert();
      if (state.live) state.live.wake();
    } catch (error) {
      if (!state.pending.includes(p)) return;
      if (isGone(error)) {
        removePending(p);
        if (p.kind === 'text' && ui.input.value.trim() === '') {
          ui.input.value = p.text;
          inputChanged();
        }
        sessionGone(error);
        return;
      }
      p.status = 'failed';
      if (p.button) p.button.classList.remove('chosen');
      renderPendingStatus(p);
      refreshChoices();
      let text = errorText(error);
      if (p.kind === 'text' && (ui.input.value.trim() === '' || ui.input.value === p.text)) {
        ui.input.value = p.text;
        p.restored = true;
        inputChanged();
        if (error.status === 0 || error.status >= 500 || error.status === 429) text = `${text}${state.lang === 'en' ? ' ' : ''}${t('errNotSent')}`;
      }
      const retry = () => deliver(p);
      retry.pending = p;
      showAlert(text, error.status === 413 || error.status === 415 ? null : retry);
      if (error.status === 413 || error.status === 415) removePending(p);
    }
  }

  function sendText() {
    const text = ui.input.value;
    if (text.trim() === '' || !state.sessionId) return;
    ui.input.value = '';
    inputChanged();
    const failed = state.pending.find((p) => p.status === 'failed' && p.kind === 'text' && p.text === text);
    if (failed) {
      // The same words again: resend them under the same clientId, so they count once.
      state.pending.splice(state.pending.indexOf(failed), 1);
      state.pending.push(failed);
      ui.list.append(failed.el);
      void deliver(failed);
      return;
    }
    const p = { kind: 'text', text, clientId: newClientId(), status: 'sending' };
    addPending(p);
    void deliver(p);
  }

  function sendChoice(m, choice, button) {
    if (button.disabled || !state.sessionId) return;
    button.classList.add('chosen');
    const p = { kind: 'choice', label: String(choice.label), text: String(choice.label), choiceId: String(choice.id), clientId: newClientId(), status: 'sending', button };
    addPending(p);
    void deliver(p);
    if (matchMedia('(pointer: fine)').matches) ui.input.focus({ preventScroll: true });
  }

  async function shrink(file) {
    if (typeof createImageBitmap !== 'function') return file;
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 2560 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    if (bitmap.close) bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob || file;
  }

  async function sendPhoto(file) {
    if (!file || !state.sessionId) return;
    if (file.type && !file.type.startsWith('image/')) {
      showAlert(t('errNotImage'));
      return;
    }
    let blob = file;
    if (file.size > SHRINK_ABOVE_BYTES || (file.type && !UPLOADABLE.includes(file.type))) {
      try {
        blob = await shrink(file);
      } catch {
        blob = file; // the server will say what is wrong with it
      }
    }
    if (blob.size > MAX_PHOTO_BYTES) {
      showAlert(t('errTooLarge'));
      return;
    }
    const url = URL.createObjectURL(blob);
    state.objectUrls.push(url);
    const p = { kind: 'photo', blob, url, clientId: newClientId(), status: 'sending' };
    addPending(p);
    void deliver(p);
  }

  // ---- scrolling -------------------------------------------------------------------------------
  let scrollQueued = false;
  function stickToBottomSoon(force) {
    if (force) state.stick = true;
    if (!state.stick || scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      ui.list.scrollTop = ui.list.scrollHeight;
    });
  }

  ui.list.addEventListener('scroll', () => {
    state.stick = ui.list.scrollHeight - ui.list.scrollTop - ui.list.clientHeight < 80;
  });
  window.addEventListener('resize', () => stickToBottomSoon());

  // ---- live updates: SSE over fetch, reconnecting, polling as the fallback ----------------------
  /** A small server-sent-events parser: feed it text, it calls back once per complete event. */
  function sseParser(onEvent) {
    let buffer = '';
    let data = [];
    let event = '';
    let id = null;
    return (chunk) => {
      buffer += chunk;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) return;
        if (match[0] === '\r' && match.index === buffer.length - 1) return; // wait: \r\n may be split
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), id });
          data = [];
          event = '';
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id') id = value;
      }
    };
  }

  function onStreamEvent(e) {
    if (e.event !== 'message') return;
    try {
      addServerMessage(JSON.parse(e.data));
    } catch {
      // a damaged event: the next reconnect fetches from the last good seq
    }
  }

  async function fetchNew(signal) {
    for (;;) {
      const res = await api('GET', `${sessionPath()}/messages?after=${state.lastSeq}`, { signal });
      const body = await res.json();
      if (body.lang) setLang(body.lang);
      const messages = Array.isArray(body.messages) ? body.messages : [];
      const before = state.lastSeq;
      for (const m of messages) addServerMessage(m);
      if (messages.length < 200 || state.lastSeq === before) return;
    }
  }

  /** Reads one event stream until it ends; says whether it delivered anything and how it ended. */
  async function openStream(live) {
    const controller = new AbortController();
    live.controller = controller;
    let received = false;
    let watchdog = 0;
    const kick = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), STREAM_SILENCE_MS);
    };
    try {
      kick();
      const res = await api('GET', `${sessionPath()}/events?after=${state.lastSeq}`, { signal: controller.signal, accept: 'text/event-stream' });
      if (!res.body || !res.body.getReader) throw new ApiError(0, 'no_stream');
      if (live.active) setStatus('connected');
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const feed = sseParser(onStreamEvent);
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !live.active) break;
        received = true;
        kick();
        feed(decoder.decode(value, { stream: true }));
      }
      return { received, error: null };
    } catch (error) {
      return { received, error };
    } finally {
      clearTimeout(watchdog);
      live.controller = null;
    }
  }

  function startLive() {
    stopLive();
    const live = {
      active: true,
      controller: null,
      wakeUp: null,
      timer: 0,
      sleep(ms) {
        return new Promise((resolve) => {
          live.wakeUp = resolve;
          live.timer = setTimeout(resolve, ms);
        });
      },
      wake() {
        clearTimeout(live.timer);
        if (live.wakeUp) live.wakeUp();
        live.wakeUp = null;
      },
    };
    state.live = live;
    void liveLoop(live);
  }

  function stopLive() {
    const live = state.live;
    if (!live) return;
    live.active = false;
    if (live.controller) live.controller.abort();
    live.wake();
    state.live = null;
  }

  const backoff = (failures) => Math.min(10000, 1000 * 2 ** Math.max(0, failures - 1)) + Math.floor(Math.random() * 250);

  async function liveLoop(live) {
    let failures = 0;
    let nextStreamAt = 0;
    while (live.active) {
      if (Date.now() >= nextStreamAt) {
        const result = await openStream(live);
        if (!live.active) return;
        if (isGone(result.error)) return sessionGone(result.error);
        // Too many streams open (other tabs): poll at once instead of retrying the stream.
        if (result.error && result.error.status === 429) failures = Math.max(failures, STREAM_FAILURES_BEFORE_POLLING - 1);
        failures = result.received ? 0 : failures + 1;
        nextStreamAt = Date.now() + backoff(failures);
        if (failures < STREAM_FAILURES_BEFORE_POLLING) {
          setStatus('reconnecting');
          await live.sleep(nextStreamAt - Date.now());
          continue;
        }
      }
      // Streaming keeps failing (a proxy that buffers, a flaky network): poll between attempts.
      try {
        await fetchNew();
        if (live.active) setStatus('polling');
      } catch (error) {
        if (!live.active) return;
        if (isGone(error)) return sessionGone(error);
        setStatus('reconnecting');
      }
      await live.sleep(Math.min(POLL_MS, Math.max(0, nextStreamAt - Date.now())) || POLL_MS);
    }
  }

  window.addEventListener('online', () => state.live && state.live.wake());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.live) state.live.wake();
  });

  function sessionGone(error) {
    stopLive();
    if (error && error.code === 'session_expired') {
      // The session ended (idle or old): start a new one at once; what was typed stays in the box.
      void renewExpired();
      return;
    }
    setStatus('offline');
    showAlert(t('errUnauthorized'), () => newChat());
  }

  async function renewExpired() {
    if (state.starting) return;
    state.starting = true;
    try {
      forget();
      if (await startSession({ lang: state.lang })) showAlert(t(ui.input.value.trim() ? 'errExpiredKept' : 'errExpired'));
    } finally {
      state.starting = false;
    }
  }

  // ---- sessions --------------------------------------------------------------------------------
  function clearConversation() {
    stopLive();
    hideAlert();
    for (const url of state.objectUrls) URL.revokeObjectURL(url);
    state.objectUrls = [];
    state.shown.clear();
    state.order = [];
    state.pending = [];
    state.lastSeq = 0;
    state.stick = true;
    ui.list.textContent = '';
  }

  async function startSession(options) {
    clearConversation();
    setStatus('connecting');
    state.sessionId = '';
    state.token = '';
    updateComposer();
    const body = {};
    if (options.lang) body.lang = options.lang;
    if (options.asset) body.asset = options.asset;
    try {
      const res = await api('POST', `${API}/sessions`, { json: body });
      const created = await res.json();
      state.sessionId = created.sessionId;
      state.token = created.token;
      if (options.lang) setLang(options.lang);
      save();
      cleanUrl();
      updateComposer();
      startLive();
      return true;
    } catch (error) {
      setStatus('offline');
      const text = error && error.status === 429 ? t('errTooMany') : t('errStart');
      showAlert(text, () => startSession(options));
      return false;
    }
  }

  async function resumeSession(saved) {
    clearConversation();
    setStatus('connecting');
    state.sessionId = saved.sessionId;
    state.token = saved.token;
    updateComposer();
    try {
      await fetchNew();
    } catch (error) {
      if (error && error.code === 'session_expired') return 'expired';
      if (isGone(error)) return 'gone';
      setStatus('offline');
      showAlert(errorText(error), () => boot());
      return 'failed';
    }
    save();
    cleanUrl();
    startLive();
    return 'ok';
  }

  async function newChat() {
    if (state.starting) return;
    state.starting = true;
    ui.newChat.disabled = true;
    try {
      forget();
      await startSession({ lang: state.lang });
      if (matchMedia('(pointer: fine)').matches) ui.input.focus({ preventScroll: true });
    } finally {
      state.starting = false;
      ui.newChat.disabled = false;
    }
  }

  async function boot() {
    hideAlert();
    const params = new URLSearchParams(location.search);
    const asset = (params.get('asset') || '').trim().slice(0, 64);
    const langParam = normLang(params.get('lang'));
    const saved = loadSaved();
    setLang(langParam || (saved && saved.lang) || 'zh-CN');
    const reuse = saved && !asset && (!langParam || normLang(saved.lang) === langParam);
    if (reuse) {
      const result = await resumeSession(saved);
      if (result !== 'gone' && result !== 'expired') return;
      forget();
      if (result === 'expired') {
        if (await startSession({ lang: langParam || (saved && saved.lang) || undefined })) showAlert(t('errExpired'));
        return;
      }
    }
    await startSession({ lang: langParam || undefined, asset: asset || undefined });
  }

  // ---- the composer ----------------------------------------------------------------------------
  function inputChanged() {
    const input = ui.input;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
    updateComposer();
  }

  function updateComposer() {
    ui.send.disabled = ui.input.value.trim() === '' || !state.sessionId;
    ui.photoButton.disabled = !state.sessionId;
  }

  ui.input.addEventListener('input', inputChanged);
  ui.input.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter makes a new line; Enter that confirms an IME composition does neither.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    sendText();
  });
  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendText();
  });
  ui.photoButton.addEventListener('click', () => ui.photoInput.click());
  ui.photoInput.addEventListener('change', () => {
    const file = ui.photoInput.files && ui.photoInput.files[0];
    ui.photoInput.value = '';
    void sendPhoto(file);
  });
  ui.newChat.addEventListener('click', () => void newChat());
  ui.alertClose.addEventListener('click', hideAlert);
  ui.alertRetry.addEventListener('click', () => {
    const retry = state.alertRetry;
    hideAlert();
    if (retry) retry();
  });

  updateComposer();
  void boot();
})();
