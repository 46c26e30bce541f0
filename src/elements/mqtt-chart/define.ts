// Registers <mqtt-chart>.
import { MqttChart } from './mqtt-chart.js';

MqttChart.define('mqtt-chart');
