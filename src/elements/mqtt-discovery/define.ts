import { MqttDiscovery } from './mqtt-discovery.js';
import { MqttDiscoveryEntity } from './mqtt-discovery-entity.js';

MqttDiscoveryEntity.define('mqtt-discovery-entity');
MqttDiscovery.define('mqtt-discovery');
