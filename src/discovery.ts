// The discovery entry: <mqtt-discovery> and the template evaluator, kept out of the main bundle so
// that a page without it does not download them. Importing this module registers the tags.
import './elements/mqtt-discovery/define.js';

export { MqttDiscovery } from './elements/mqtt-discovery/mqtt-discovery.js';
export { MqttDiscoveryEntity } from './elements/mqtt-discovery-entity/mqtt-discovery-entity.js';
export {
  MqttDiscoveryChangeEvent,
  type DiscoveryChangeDetail,
} from './elements/mqtt-discovery/discovery-events.js';
export * from './discovery/index.js';
