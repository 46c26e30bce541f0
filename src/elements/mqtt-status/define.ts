// Registers <mqtt-status>.
import { MqttStatus } from './mqtt-status.js';

MqttStatus.define('mqtt-status');
