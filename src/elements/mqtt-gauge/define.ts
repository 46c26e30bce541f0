// Registers <mqtt-gauge>.
import { MqttGauge } from './mqtt-gauge.js';

MqttGauge.define('mqtt-gauge');
