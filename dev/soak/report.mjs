// The soak's verdict: the figures as a short table and as JSON, and the list of what failed.
import { writeFile } from 'node:fs/promises';

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

/** What makes the run fail, in words; empty when it passed. */
export function failuresOf(figures, { heapLimitKiB }) {
  const failures = [];
  for (const [qos, s] of [
    [1, figures.qos1],
    [2, figures.qos2],
  ]) {
    if (s.lost > 0)
      failures.push(
        `${s.lost} QoS ${qos} message(s) the broker acknowledged never reached the page (first: ${s.lostFirst.join(', ')}).`,
      );
    if (s.strangers > 0)
      failures.push(`${s.strangers} QoS ${qos} message(s) carried a number never published.`);
    const unsettled = s.published - s.acknowledged;
    if (unsettled > 0)
      failures.push(
        `${unsettled} QoS ${qos} message(s) were never acknowledged to the publisher, so nothing can be said about them.`,
      );
  }
  if (figures.qos2.duplicates > 0)
    failures.push(
      `${figures.qos2.duplicates} QoS 2 message(s) arrived more than once: QoS 2 means exactly once.`,
    );
  const growth = figures.page.heapEnd - figures.page.heapStart;
  if (growth > heapLimitKiB * 1024)
    failures.push(`The page's heap grew by ${kib(growth)}, more than the ${heapLimitKiB} KiB allowed.`);
  if (figures.page.pageErrors.length > 0)
    failures.push(
      `The page threw ${figures.page.pageErrors.length} uncaught error(s): ${figures.page.pageErrors[0]}`,
    );
  return failures;
}

/** The table printed at the end. */
export function table(figures) {
  const { qos1, qos2, page, credentials, broker, link } = figures;
  const renewals = credentials.renewals ?? 'not available';
  const rows = [
    ['', 'QoS 1', 'QoS 2'],
    ['published', qos1.published, qos2.published],
    ['acknowledged by broker', qos1.acknowledged, qos2.acknowledged],
    ['shown (distinct)', qos1.shown, qos2.shown],
    ['deliveries', qos1.deliveries, qos2.deliveries],
    ['lost', qos1.lost, qos2.lost],
    ['duplicated', qos1.duplicates, qos2.duplicates],
    ['arrived out of order', qos1.backwards, qos2.backwards],
  ];
  const width = [24, 10, 10];
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(width[0]) : String(c).padStart(width[i]))).join('');
  return [
    `Soak of ${figures.minutes} min (seed ${figures.seed}), drain ${figures.drainSeconds} s`,
    ...rows.map(line),
    '',
    `page reconnects        ${page.reconnects} (status changes: ${JSON.stringify(page.statusCounts)})`,
    `credential renewals    ${renewals}; token fetches ${credentials.tokenFetches}; passwords issued ${credentials.issued}, expired ${credentials.expired}`,
    `broker restarts        ${broker.restarts} (SIGTERM); page connections the broker saw ${broker.pageConnections}`,
    `link faults            ${link.cuts} cuts, ${link.blackHoles} black holes (${link.blackHoleSeconds.toFixed(0)} s in all)`,
    ...Object.entries(figures.references).map(
      ([name, r]) =>
        `Node reference, ${name.padEnd(8)}lost ${r.qos1.lost} + ${r.qos2.lost}, duplicated ${r.qos1.duplicates} + ${r.qos2.duplicates} (QoS 1 + QoS 2)`,
    ),
    `page heap              ${kib(page.heapStart)} at start, ${kib(page.heapEnd)} at end (after forced GC)`,
    `load average           ${figures.machine.loadAverageStart.join(' ')} at start, ${figures.machine.loadAverageEnd.join(' ')} at end`,
  ].join('\n');
}

export async function writeReport(path, figures) {
  await writeFile(path, `${JSON.stringify(figures, null, 2)}\n`);
}
