// The explorer entry: <mqtt-explorer> and its topic tree, kept out of the main bundle so that pages
// without an explorer do not download it. Importing this module registers the tag.
import './elements/mqtt-explorer/define.js';

export { MqttExplorer } from './elements/mqtt-explorer/mqtt-explorer.js';
export { TopicTree, TopicNode, type TopicTreeOptions } from './explorer/topic-tree.js';
export { TreeRows, type TreeRow } from './explorer/tree-rows.js';
export { parseTopicSearch, type TopicSearch } from './explorer/topic-search.js';
export { diffJson, describeChange, type JsonChange } from './explorer/json-diff.js';
export {
  TreeKeyboardController,
  type TreeKeyboardOptions,
} from './elements/mqtt-explorer/tree-keyboard-controller.js';
export { TypeAhead } from './explorer/type-ahead.js';
export { propertyLines, type PropertyLine } from './explorer/message-properties.js';
