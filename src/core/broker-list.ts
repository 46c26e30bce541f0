// The brokers a connection may use, in order: one URL, several separated by spaces in `url` (a
// cluster's endpoints, a primary and a standby), or the `urls` list. Each is diagnosed, and a message
// about one of several names which.
import type { ConnectionConfig } from './connection-config.js';
import { MqttElementsError } from './errors.js';
import { diagnoseBrokerUrl } from './url-diagnosis.js';

export interface BrokerList {
  /** The URLs to connect to, in order; empty when `error` is set. */
  urls: string[];
  warnings: string[];
  /** Why the first bad URL cannot be used; nothing connects then. */
  error?: MqttElementsError;
}

export function brokerList(config: Pick<ConnectionConfig, 'url' | 'urls' | 'pageProtocol'>): BrokerList {
  // Split only where each piece is a URL of its own: "ws://broker example.com/mqtt" is a typo.
  const pieces = config.url.trim().split(/\s+/);
  const split = pieces.every((piece) => /^[a-z][a-z0-9+.-]*:\/\//i.test(piece));
  const given = config.urls?.length ? config.urls : split ? pieces : [config.url];
  const urls: string[] = [];
  const warnings: string[] = [];
  for (const [i, url] of given.entries()) {
    const diagnosis = diagnoseBrokerUrl(url, config.pageProtocol);
    const which = given.length > 1 ? `Broker URL ${i + 1} of ${given.length}: ` : '';
    warnings.push(...diagnosis.warnings.map((w) => which + w));
    if (diagnosis.errors.length > 0 || !diagnosis.url) {
      return { urls: [], warnings, error: new MqttElementsError('url', which + diagnosis.errors.join(' ')) };
    }
    urls.push(diagnosis.url);
  }
  return { urls, warnings };
}
