// What both benchmark pages share: the message stream (from the in-page broker, or counted as it arrives
// from the real one), frame counting, and the `window.bench` interface bench/browser.mjs drives.
import { InPageBroker } from './in-page-broker.mjs';

export const topicOf = (index) => `bench/t/${index}`;
/** The payload of message number `seq`: a number as JSON text, different from the one before. */
export const payloadOf = (seq) => String((seq % 1000) / 10);

/**
 * Sets up `window.bench` for a page. `mount({ count, url, createWebsocket })` builds the page's N
 * values and connects; it resolves once every subscription is made. `onMessage` is what the page calls
 * for each message it handles.
 */
export function installBench({ kind, mount, topicOf: topicName = topicOf }) {
  const state = {
    kind,
    received: 0,
    frames: 0,
    frameTimes: [],
    measuring: false,
    renders: 0,
    renderFrames: 0,
    doubleRenders: 0,
    messageFrames: 0,
    frameKey: 0,
  };
  let broker;
  let source;

  const frame = (time) => {
    state.frameKey++;
    if (state.measuring) {
      state.frames++;
      state.frameTimes.push(time);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  const bench = {
    state,
    topicOf: topicName,
    payloadOf,
    /** Counts one message handled by the page; `target` (an element) tracks messages per frame. */
    onMessage(target) {
      state.received++;
      if (target && target.__benchFrame !== state.frameKey) {
        target.__benchFrame = state.frameKey;
        state.messageFrames++;
      }
    },
    /** Counts one render of `element`, and whether it already rendered in this frame. */
    onRender(element) {
      state.renders++;
      const key = document.timeline.currentTime;
      if (element.__benchRendered === key) state.doubleRenders++;
      else {
        element.__benchRendered = key;
        state.renderFrames++;
      }
    },
    /** `subscriptions`: how many filters the page subscribes when it is not one per topic. */
    async setup({ count, transport, url, subscriptions = count }) {
      if (transport === 'in-page') broker = new InPageBroker();
      const createWebsocket = broker?.createWebsocket;
      const ready = await mount({ count, url: broker ? 'ws://127.0.0.1:9/mqtt' : url, createWebsocket });
      if (broker) {
        // Every filter is subscribed once the in-page broker has seen them all.
        await until(() => broker.subscriptions >= subscriptions);
      }
      return ready;
    },
    /** Starts the in-page stream: `rate` messages per second, or as fast as the page takes them. */
    startSource({ count, rate = Infinity, sliceMs = 5, window = 5000 }) {
      const topics = Array.from({ length: count }, (_, i) => new TextEncoder().encode(topicName(i)));
      const channel = new MessageChannel();
      const started = performance.now();
      let sent = 0;
      let running = true;
      channel.port1.onmessage = () => {
        if (!running) return;
        const due = rate === Infinity ? Infinity : Math.floor(((performance.now() - started) / 1000) * rate);
        const deadline = performance.now() + sliceMs;
        // Time-sliced, yielding between slices, so the page can render as it would between network reads.
        while (sent < due && sent - state.received < window && performance.now() < deadline) {
          for (let i = 0; i < 20 && sent < due; i++, sent++)
            broker.publish(topics[sent % count], payloadOf(sent));
        }
        if (rate === Infinity) channel.port2.postMessage(0);
        else setTimeout(() => channel.port2.postMessage(0), 1);
      };
      channel.port2.postMessage(0);
      source = {
        stop: () => {
          running = false;
          channel.port1.close();
        },
        sent: () => sent,
      };
    },
    stopSource() {
      source?.stop();
    },
    /** Sends `total` messages as fast as they are taken, then resolves. */
    async pumpMessages({ count, total }) {
      const topics = Array.from({ length: count }, (_, i) => new TextEncoder().encode(topicName(i)));
      const start = state.received;
      for (let sent = 0; sent < total;) {
        const sliceEnd = performance.now() + 8;
        while (sent < total && performance.now() < sliceEnd) {
          for (let i = 0; i < 50 && sent < total; i++, sent++)
            broker.publish(topics[sent % count], payloadOf(sent));
        }
        await new Promise((resolve) => setTimeout(resolve));
      }
      await until(() => state.received - start >= total);
    },
    publishOne(topic, payload) {
      broker.publish(new TextEncoder().encode(topic), payload);
    },
    beginWindow() {
      state.measuring = true;
      Object.assign(state, {
        frames: 0,
        frameTimes: [],
        renders: 0,
        renderFrames: 0,
        doubleRenders: 0,
        messageFrames: 0,
      });
      return snapshot();
    },
    endWindow() {
      state.measuring = false;
      return snapshot();
    },
  };

  function snapshot() {
    const gaps = state.frameTimes.slice(1).map((t, i) => t - state.frameTimes[i]);
    gaps.sort((a, b) => a - b);
    return {
      time: performance.now(),
      received: state.received,
      sent: source?.sent() ?? null,
      frames: state.frames,
      frameGapP95: gaps.length ? gaps[Math.floor(gaps.length * 0.95)] : null,
      frameGapMax: gaps.length ? gaps[gaps.length - 1] : null,
      renders: state.renders,
      renderFrames: state.renderFrames,
      doubleRenders: state.doubleRenders,
      messageFrames: state.messageFrames,
    };
  }

  window.bench = bench;
  return bench;
}

export async function until(check, timeoutMs = 120_000) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
