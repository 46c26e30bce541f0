// Registers <mqtt-switch>.
import { MqttSwitch } from './mqtt-switch.js';

MqttSwitch.define('mqtt-switch');
