// Registers <mqtt-log>.
import { MqttLog } from './mqtt-log.js';

MqttLog.define('mqtt-log');
