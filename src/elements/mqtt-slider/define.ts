// Registers <mqtt-slider>.
import { MqttSlider } from './mqtt-slider.js';

MqttSlider.define('mqtt-slider');
