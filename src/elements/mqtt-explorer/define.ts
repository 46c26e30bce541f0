// Registers <mqtt-explorer>.
import { MqttExplorer } from './mqtt-explorer.js';

MqttExplorer.define('mqtt-explorer');
