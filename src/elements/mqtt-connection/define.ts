// Registers <mqtt-connection>.
import { MqttConnection } from './mqtt-connection.js';

MqttConnection.define('mqtt-connection');
