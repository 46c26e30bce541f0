// Registers <mqtt-publish>.
import { MqttPublish } from './mqtt-publish.js';

MqttPublish.define('mqtt-publish');
