// The chart entry: <mqtt-chart> and uPlot, kept out of the main bundle so that a page without charts
// does not download them. Importing this module registers the tag.
import './elements/mqtt-chart/define.js';

export { MqttChart, type ChartSeries } from './elements/mqtt-chart/mqtt-chart.js';
