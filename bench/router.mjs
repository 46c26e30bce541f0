// Router benchmark, in Node: microseconds per message for the topic trie (src/core/topic-router.ts)
// against a linear scan with topicMatchesFilter over the same filters, at 100, 1,000 and 10,000 filters.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { median, spread } from './stats.mjs';

const sizes = [100, 1_000, 10_000];

/** Bundles the router and the topic rules from the TypeScript sources into .bench/. */
async function loadRouter(root) {
  const outfile = resolve(root, '.bench/router-lib.mjs');
  await build({
    stdin: {
      contents: `export { TopicRouter } from './src/core/topic-router.ts'; export { topicMatchesFilter } from './src/core/topic.ts';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** A deterministic pseudo-random sequence, so every run routes the same messages. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * `count` filters shaped like a plant's devices: about 90 % exact topics, 5 % with "+" and 5 % ending in
 * "#"; and a stream of topics that hit an exact filter (80 %), a wildcard filter (15 %) or nothing (5 %).
 */
export function workload(count, messages = 20_000) {
  const next = random(count);
  const pick = (n) => Math.floor(next() * n);
  const filters = [];
  const exactTopics = [];
  const wildcards = [];
  for (let i = 0; i < count; i++) {
    const site = `site${i % 7}`;
    const line = `line${Math.floor(i / 7) % 20}`;
    const device = `dev${i}`;
    const kind = i % 20;
    if (kind === 0) {
      filters.push(`${site}/+/${device}/status`);
      wildcards.push((other) => `${site}/${other}/${device}/status`);
    } else if (kind === 1) {
      filters.push(`${site}/${line}/${device}/#`);
      wildcards.push((other) => `${site}/${line}/${device}/${other}/value`);
    } else {
      const topic = `${site}/${line}/${device}/temp`;
      filters.push(topic);
      exactTopics.push(topic);
    }
  }
  const topics = [];
  for (let m = 0; m < messages; m++) {
    const roll = next();
    if (roll < 0.8) topics.push(exactTopics[pick(exactTopics.length)]);
    else if (roll < 0.95) topics.push(wildcards[pick(wildcards.length)](`x${pick(50)}`));
    else topics.push(`elsewhere/${pick(1000)}/temp`);
  }
  return { filters, topics };
}

const decoder = new TextDecoder();

/**
 * Runs `route` over the topics until at least `minMs` passed; returns µs per message and the match count.
 * Each topic is decoded from its bytes first, as MQTT.js hands a topic over: a fresh string, so no lookup
 * gains from a hash V8 cached in a string used before. The decoding is timed too (`decodeUs`), the same
 * for every router, and left out of `usPerMessage`.
 */
function time(encoded, route, minMs) {
  let routed = 0;
  let matched = 0;
  let decodeMs = 0;
  let elapsed = 0;
  const start = performance.now();
  do {
    const decodeStart = performance.now();
    const topics = encoded.map((bytes) => decoder.decode(bytes));
    decodeMs += performance.now() - decodeStart;
    for (let i = 0; i < topics.length; i++) matched += route(topics[i]);
    routed += topics.length;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return {
    usPerMessage: ((elapsed - decodeMs) * 1000) / routed,
    decodeUs: (decodeMs * 1000) / routed,
    matched: matched / routed,
  };
}

export async function runRouterBenchmark({ root, repeat = 5, log = () => {} }) {
  const { TopicRouter, topicMatchesFilter } = await loadRouter(root);
  const rows = [];
  for (const size of sizes) {
    const { filters, topics } = workload(size);
    const encoder = new TextEncoder();
    const encoded = topics.map((topic) => encoder.encode(topic));
    const router = new TopicRouter();
    filters.forEach((filter, index) => router.set(filter, index));
    let count = 0;
    const visit = () => count++;
    const viaRouter = (topic) => {
      count = 0;
      router.match(topic, visit);
      return count;
    };
    const viaScan = (topic) => {
      let found = 0;
      for (let i = 0; i < filters.length; i++) if (topicMatchesFilter(topic, filters[i])) found++;
      return found;
    };
    // Both must agree on what matches, or the comparison means nothing.
    for (const topic of topics.slice(0, 2_000)) {
      if (viaRouter(topic) !== viaScan(topic)) throw new Error(`router and scan disagree on ${topic}`);
    }
    const trie = [];
    const scan = [];
    time(encoded, viaRouter, 100); // warm-up: let the JIT optimise before anything counts
    const scanTopics = encoded.slice(0, Math.max(200, Math.floor(2_000_000 / size)));
    for (let r = 0; r < repeat; r++) {
      // Alternating the two keeps a burst of load from the shared machine from landing on one only.
      trie.push(time(encoded, viaRouter, 200).usPerMessage);
      scan.push(time(scanTopics, viaScan, 200).usPerMessage);
    }
    const row = {
      subscriptions: size,
      routerUs: median(trie),
      routerSpread: spread(trie),
      scanUs: median(scan),
      scanSpread: spread(scan),
      matchesPerMessage: time(encoded.slice(0, 1000), viaRouter, 0).matched,
    };
    log(
      `router ${size}: trie ${row.routerUs.toFixed(3)} µs/msg (±${(row.routerSpread * 100).toFixed(0)} %), ` +
        `scan ${row.scanUs.toFixed(2)} µs/msg`,
    );
    rows.push(row);
  }
  return rows;
}
