// Registers <mqtt-subscribe>.
import { MqttSubscribe } from './mqtt-subscribe.js';

MqttSubscribe.define('mqtt-subscribe');
