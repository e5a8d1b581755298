// The lock-screen demo client: signs in as a demo user (a dev token from POST /demo/token),
// keeps one WebSocket to delivery and applies the protocol exactly as a phone should (see
// apps/delivery/README.md): the snapshot replaces or resumes the state, `feed` replaces it,
// `remove` hides a card, `ping` is answered with `pong`, and after a close the close code decides
// whether to reconnect (with backoff and the last offset, so nothing is missed or repeated),
// to fetch a new token first, or to stop. Tap, like and dismiss are posted to clicks-tracker,
// unlock to beacon. Every frame is shown in the panel.
const $ = (id) => document.getElementById(id);
const REASONS = {
  trending_in_segment: 'Trending near you', category_affinity: 'Because you read this topic', fresh: 'New',
  breaking: 'Breaking', popular: 'Popular', exploration: 'Something different', fallback: 'Picked for you',
};

const state = { config: null, token: null, user: null, ws: null, offset: null, feed: null, removed: new Set(), dismissed: new Set(), attempt: 0, timer: null };

function uuidv7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i -= 1) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function log(label, text, out = false) {
  const li = document.createElement('li');
  if (out) li.className = 'out';
  const b = document.createElement('b');
  b.textContent = label;
  li.append(b, ` ${new Date().toLocaleTimeString()} ${text}`);
  $('log').prepend(li);
}

function tickClock() {
  const now = new Date();
  $('time').textContent = now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  $('date').textContent = now.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' });
}

/** The card on screen: the best card of the feed that was neither taken down nor dismissed. */
function currentCard() {
  const cards = state.feed?.cards ?? [];
  return cards.find((c) => !state.removed.has(c.contentId) && !state.dismissed.has(c.contentId));
}

function render() {
  const card = currentCard();
  $('card').hidden = !card;
  $('empty').hidden = Boolean(card);
  if (!card) return;
  $('card').dataset.contentId = card.contentId;
  $('card').dataset.feedId = state.feed.feedId;
  $('card-title').textContent = card.content.title;
  $('card-summary').textContent = card.content.summary ?? '';
  $('card-source').textContent = card.sourceName;
  $('card-image').style.backgroundImage = card.content.imageUrl ? `url("${card.content.imageUrl}"), linear-gradient(135deg, #8fb3ff, #c79bff)` : '';
  $('card-image').setAttribute('aria-label', card.content.title);
  $('card-reasons').replaceChildren(...card.reasons.map((r) => Object.assign(document.createElement('span'), { textContent: REASONS[r] ?? r })));
}

function setStatus(text, s) {
  $('status').textContent = text;
  $('status').dataset.state = s;
}

function apply(message) {
  switch (message.type) {
    case 'snapshot':
      log('snapshot', `offset ${message.offset} resumed=${message.resumed}${message.feed ? ` feed ${message.feed.feedId} (${message.feed.cards.length} cards)` : message.resumed ? '' : ' no feed yet'}`);
      if (!message.resumed) {
        state.feed = message.feed;
        state.removed = new Set(message.removed);
        state.dismissed.clear();
      }
      state.offset = message.offset;
      break;
    case 'feed':
      log('feed', `offset ${message.offset} feed ${message.feed.feedId} (${message.feed.cards.length} cards)${message.removed.length ? ` removed ${message.removed.join(',')}` : ''}`);
      state.feed = message.feed;
      state.removed = new Set(message.removed);
      state.dismissed.clear();
      state.offset = message.offset;
      break;
    case 'remove':
      log('remove', `offset ${message.offset} card ${message.contentId} taken down`);
      if (state.feed?.feedId === message.feedId) state.removed.add(message.contentId);
      state.offset = message.offset;
      break;
    case 'ping':
      state.ws.send(JSON.stringify({ v: 1, type: 'pong' }));
      log('ping', 'answered pong');
      return;
    case 'refreshed':
      log('refreshed', `token valid until ${new Date(message.tokenExpiresAt).toLocaleTimeString()}`);
      return;
    case 'error':
      log('error', `${message.code}: ${message.message}`);
      return;
    default:
      log(message.type, JSON.stringify(message));
      return;
  }
  render();
}

async function signIn(userId) {
  const response = await fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `token refused (${response.status})`);
  state.token = body.token;
  state.user = { userId: body.userId, deviceId: body.deviceId };
}

function connect() {
  clearTimeout(state.timer);
  const url = new URL('/v1/socket', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (state.offset) url.searchParams.set('lastOffset', state.offset);
  // Browsers cannot set headers on a WebSocket: the token rides as a subprotocol.
  const ws = new WebSocket(url, ['tessera.v1', `tessera.bearer.${state.token}`]);
  state.ws = ws;
  setStatus('connecting…', 'connecting');
  ws.onopen = () => { state.attempt = 0; setStatus(`connected as ${state.user.userId}`, 'open'); };
  ws.onmessage = (event) => apply(JSON.parse(event.data));
  ws.onclose = (event) => {
    if (state.ws !== ws) return;
    setStatus(`closed (${event.code})`, 'closed');
    log('close', `code ${event.code} ${event.reason}`);
    // Close codes by range: 4100-4199 refresh the token; 4500-4999 and 1009 do not come back; else reconnect.
    if (event.code === 1009 || (event.code >= 4500 && event.code <= 4999)) return;
    const delay = event.code === 4000 ? Math.random() * 2000 : Math.min(20_000, 500 * 2 ** state.attempt) * (0.5 + Math.random());
    state.attempt += 1;
    state.timer = setTimeout(async () => {
      if (event.code >= 4100 && event.code <= 4199) await signIn(state.user.userId).catch((e) => log('error', e.message));
      connect();
    }, delay);
  };
}

async function post(base, path, body, label) {
  if (!base) return log('→ skipped', `${label}: no URL configured`, true);
  try {
    const response = await fetch(`${base}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    log(`→ ${label}`, `${response.status} ${(await response.text()).slice(0, 160)}`, true);
  } catch (error) {
    log(`→ ${label}`, `failed: ${error.message}`, true);
  }
}

function interact(type) {
  const card = currentCard();
  if (!card) return;
  const event = {
    eventId: uuidv7(), occurredAt: Date.now(), userId: state.user.userId, deviceId: state.user.deviceId, type,
    contentId: card.contentId, feedId: state.feed.feedId, position: card.position, surface: 'lock_screen',
  };
  if (type === 'dismiss') {
    state.dismissed.add(card.contentId);
    render();
  }
  void post(state.config.clicksUrl, '/v1/interactions', { events: [event] }, type);
}

function unlock() {
  const beacon = {
    eventId: uuidv7(), occurredAt: Date.now(), userId: state.user.userId, deviceId: state.user.deviceId,
    appState: 'foreground', screenOn: true, locale: 'en', platform: 'web', appVersion: '1.0.0',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  void post(state.config.beaconUrl, '/v1/beacons', beacon, 'beacon');
}

async function start(userId) {
  if (state.ws) {
    const old = state.ws;
    state.ws = null;
    old.close(1000);
  }
  Object.assign(state, { offset: null, feed: null, removed: new Set(), dismissed: new Set(), attempt: 0 });
  render();
  try {
    await signIn(userId);
    connect();
  } catch (error) {
    setStatus(error.message, 'closed');
  }
}

async function main() {
  tickClock();
  setInterval(tickClock, 1000);
  state.config = await (await fetch('/demo/config.json')).json();
  if (!state.config.tokens) return setStatus('demo tokens are off (DEMO_TOKEN_USERS)', 'closed');
  const select = $('user');
  select.replaceChildren(...state.config.users.map((u) => Object.assign(document.createElement('option'), { value: u, textContent: u })));
  const wanted = new URLSearchParams(location.search).get('user');
  if (wanted && state.config.users.includes(wanted)) select.value = wanted;
  select.onchange = () => start(select.value);
  $('tap').onclick = () => interact('click');
  $('like').onclick = () => interact('like');
  $('dismiss').onclick = () => interact('dismiss');
  $('unlock').onclick = unlock;
  $('unlock').hidden = !state.config.beaconUrl;
  await start(select.value);
}

void main();
