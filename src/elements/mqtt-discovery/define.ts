// Registers <mqtt-discovery> and the entity view it stamps for each discovered entity.
import '../mqtt-discovery-entity/define.js';
import { MqttDiscovery } from './mqtt-discovery.js';

MqttDiscovery.define('mqtt-discovery');
