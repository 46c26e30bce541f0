// The `<mqtt-explorer>` section of BENCHMARKS.md (bench/explorer.mjs), between markers so that
// `node bench/run.mjs --only=explorer` can rewrite it alone.
export const explorerMarkers = ['<!-- explorer:start -->', '<!-- explorer:end -->'];

const MB = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const int = (n) => Math.round(n).toLocaleString('en-US');
const pct = (fraction) => `±${Math.round(fraction * 100)} %`;
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : '—');
const met = (ok) => (ok ? '**met**' : '**missed**');
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const tasks = (list) => (list.length ? list.map((t) => `${t.toFixed(0)} ms`).join(', ') : 'none');

export function explorerSection(explorer, meta) {
  const { summary, topics, rate, memory, showAll } = explorer;
  const e = summary.explorer;
  const b = summary.baseline;
  const m = (r, key) => r[key].median;
  const fig = (r, key, digits = 1) => `${m(r, key).toFixed(digits)} (${pct(r[key].spread)})`;
  const first = memory.checkpoints[0];
  const last = memory.checkpoints.at(-1);
  const perTopic = (m(e, 'heap') - m(b, 'heap')) / topics;
  const [text, binary] = showAll;
  const showAllTasks = [
    ...text.firstLongTasks,
    ...text.longTasks,
    ...binary.firstLongTasks,
    ...binary.longTasks,
  ];
  const loads = explorer.runs.explorer.map((run) => run.load).filter(Boolean);
  const goals = [
    [
      `${int(topics)} topics, ${int(rate)} msg/s: ≥ 50 frames/s`,
      `${m(e, 'framesPerSecond').toFixed(1)} fps (baseline ${m(b, 'framesPerSecond').toFixed(1)})`,
      met(m(e, 'framesPerSecond') >= 50),
    ],
    [
      'Scrolling the tree during that stream: ≥ 50 frames/s',
      `${m(e, 'scrollFramesPerSecond').toFixed(1)} fps (baseline, not scrolling: ${m(b, 'scrollFramesPerSecond').toFixed(1)})`,
      met(m(e, 'scrollFramesPerSecond') >= 50),
    ],
    [
      'Rows in the DOM with about 1,100 rows open (virtualised)',
      `${int(m(e, 'rowsInDom'))}`,
      met(m(e, 'rowsInDom') < 100),
    ],
    [
      `Memory bounded: heap after ${int(first.messages)} → ${int(last.messages)} messages on ${int(memory.count)} topics`,
      `${MB(first.heap)} → ${MB(last.heap)}`,
      met(last.heap <= first.heap * 1.1),
    ],
    [
      '1 MB payloads (text and binary) selected and shown in full without a long task (> 50 ms)',
      showAllTasks.length ? `longest task ${Math.max(...showAllTasks).toFixed(0)} ms` : 'no long task',
      met(showAllTasks.length === 0),
    ],
  ];
  const row = (name, r) => [
    name,
    fig(r, 'fillUsPerMessage'),
    `${(m(r, 'fillMs') / 1000).toFixed(1)} s`,
    fig(r, 'framesPerSecond'),
    `${m(r, 'frameGapP95').toFixed(0)} ms`,
    fig(r, 'usPerMessage'),
    `${(m(r, 'busyShare') * 100).toFixed(0)} %`,
    `${m(r, 'longTasks').toFixed(0)}`,
    fig(r, 'scrollFramesPerSecond'),
    fig(r, 'scrollUsPerMessage'),
    `${m(r, 'scrollLongTasks').toFixed(0)}`,
    MB(m(r, 'heap')),
  ];
  const shownLine = (s) =>
    `- A 1 MB ${s.binary ? 'binary' : 'text'} payload: first part shown ${s.firstShown.toFixed(0)} ms after selecting it ` +
    `(${int(s.firstLength)} characters; long tasks: ${tasks(s.firstLongTasks)}); "Show all" had all of it on screen ` +
    `after ${s.allShown.toFixed(0)} ms${s.binary ? ' (as a hex dump of 4.9 million characters)' : ''}, written a piece per task; long tasks: ${tasks(s.longTasks)}.`;
  return [
    explorerMarkers[0],
    '## `<mqtt-explorer>` at scale',
    '',
    ...(meta ? [meta, ''] : []),
    `${int(topics)} topics four levels deep (\`plant/area0…9/line0…99/sensor0…99\`), one message each as fast as the`,
    `page takes them (the fill), then ${int(rate)} messages/s spread over all of them for ${explorer.seconds} s standing still and ${explorer.seconds} s`,
    'while the tree scrolls by 40 px a frame, from the in-page broker (bench/pages/in-page-broker.mjs).',
    '**explorer**: `<mqtt-explorer topic="#">` from `cdn/mqtt-explorer.js`, with one area open (about 1,100 rows)',
    'and a topic selected. **baseline**: the same page, connection and stream without the explorer (both count',
    "messages with one listener on `#`). Main thread per message is Chromium's `TaskDuration` (scripts, style,",
    'layout, paint) over the window divided by the messages in it; long tasks are those over 50 ms that',
    `Chromium reported (PerformanceObserver \`longtask\`) in the window; ${explorer.repeat} interleaved repeats, median (± half the range).`,
    ...(loads.length
      ? [
          `Load average (1 min) at the start of each explorer repeat: ${loads.map((l) => l.toFixed(1)).join(', ')}.`,
        ]
      : []),
    '',
    table(['Goal (issue 14)', 'Measured', ''], goals),
    '',
    table(
      [
        'Page',
        'Fill: µs/msg',
        'Fill time',
        'Steady: frames/s',
        'p95 frame gap',
        'Steady: µs/msg',
        'Main thread busy',
        'Long tasks',
        'Scrolling: frames/s',
        'Scrolling: µs/msg',
        'Long tasks',
        'Heap after the fill',
      ],
      [row('explorer', e), row('baseline (no explorer)', b)],
    ),
    '',
    `- The explorer's own cost at the steady rate: ${(m(e, 'usPerMessage') - m(b, 'usPerMessage')).toFixed(1)} µs of main thread per message`,
    `  (${ratio(m(e, 'usPerMessage'), m(b, 'usPerMessage'))} the baseline); while scrolling ${(m(e, 'scrollUsPerMessage') - m(b, 'scrollUsPerMessage')).toFixed(1)} µs`,
    `  (${ratio(m(e, 'scrollUsPerMessage'), m(b, 'scrollUsPerMessage'))}), most of it the browser drawing the rows that scroll in; during the fill`,
    `  ${(m(e, 'fillUsPerMessage') - m(b, 'fillUsPerMessage')).toFixed(1)} µs (${ratio(m(e, 'fillUsPerMessage'), m(b, 'fillUsPerMessage'))}).`,
    `  About ${(perTopic / 1000).toFixed(2)} kB of heap per topic more than the baseline (whose connection keeps only its bounded cache of last messages).`,
    `- Frames while scrolling: ${ratio(m(e, 'scrollFramesPerSecond'), m(b, 'scrollFramesPerSecond'))} the baseline's, p95 gap ${m(e, 'scrollGapP95').toFixed(0)} ms.`,
    `- Memory: ${int(memory.count)} topics with \`history-size\` ${memory.historySize}: ${memory.checkpoints
      .map((c) => `${MB(c.heap)} after ${int(c.messages)} messages`)
      .join(', ')}.`,
    shownLine(text),
    shownLine(binary),
    ...(explorer.entryGzip
      ? [
          `- The explorer entry (\`cdn/mqtt-explorer.js\`) is ${(explorer.entryGzip / 1000).toFixed(1)} kB gzipped, loaded only by pages that use it;`,
          '  the main bundle holds none of it (its budget is in dev/size-budget.mjs).',
        ]
      : []),
    '',
    'Where the time goes (`node bench/explorer-profile.mjs`, a CPU profile mapped through the source maps,',
    'and `--trace=scroll` for what the browser does outside scripts): per message the explorer only updates',
    'its model (`TopicTree.add`: a map lookup, a ring slot and the counts of four levels, no allocation once',
    'a topic is known); new values are drawn at most ten times a second; while scrolling, rows are drawn in',
    'batches when the view nears the edge of the rows drawn, not in every frame, so most of the scrolling',
    "cost is Chromium's own painting and compositing of the rows that move.",
    '',
    'Reproduce: `npm run build:cdn && node bench/run.mjs --only=explorer`.',
    '',
    explorerMarkers[1],
    '',
  ];
}
