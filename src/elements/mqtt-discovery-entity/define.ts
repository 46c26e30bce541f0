// Registers <mqtt-discovery-entity>, the view <mqtt-discovery> shows for each discovered entity.
import { MqttDiscoveryEntity } from './mqtt-discovery-entity.js';

MqttDiscoveryEntity.define('mqtt-discovery-entity');
