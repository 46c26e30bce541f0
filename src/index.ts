// The package's root: classes, controllers and types, with no side effects (nothing is registered).
export { MqttConnection } from './elements/mqtt-connection/mqtt-connection.js';
export { MqttStatus } from './elements/mqtt-status/mqtt-status.js';
export { MqttSubscribe } from './elements/mqtt-subscribe/mqtt-subscribe.js';
export { MqttPublish } from './elements/mqtt-publish/mqtt-publish.js';
export { MqttSwitch } from './elements/mqtt-switch/mqtt-switch.js';
export { MqttSlider } from './elements/mqtt-slider/mqtt-slider.js';
export { MqttGauge } from './elements/mqtt-gauge/mqtt-gauge.js';
export { MqttLog, type LogFormat } from './elements/mqtt-log/mqtt-log.js';
export { MqttElement } from './internal/mqtt-element.js';

export { ConnectionController } from './controllers/connection-controller.js';
export { SubscriptionController } from './controllers/subscription-controller.js';
export { TopicValueController, type ValueSettings } from './controllers/topic-value-controller.js';
export { CommandController, type CommandControllerOptions } from './controllers/command-controller.js';
export { PublishController, type PublishControllerOptions } from './controllers/publish-controller.js';
export {
  AvailabilityController,
  type AvailabilityControllerOptions,
  type AvailabilitySource,
} from './controllers/availability-controller.js';
export {
  ConnectQueryController,
  type ConnectQueryControllerOptions,
} from './controllers/connect-query-controller.js';
export {
  RequestReplyController,
  type RequestReplyControllerOptions,
  type RequestValues,
} from './controllers/request-reply-controller.js';
export { LastSeenController, type LastSeenControllerOptions } from './controllers/last-seen-controller.js';
export {
  AvailabilityTracker,
  availabilityVerdict,
  type AvailabilityMode,
  type AvailabilityRule,
  type AvailabilityState,
} from './core/availability.js';
export { ReplyMatcher, type Reply, type ReplyMatch } from './core/request-reply.js';
export { fillPayloadTemplate, PayloadTemplateError } from './core/payload-template.js';
export { describeAge } from './core/age.js';
export { connectionContext } from './context/connection-context.js';

export {
  ConnectionCore,
  type ConnectionConfig,
  type Credentials,
  type MessageListener,
  type PublishOptions,
  type QoS,
  type SubscribeOptions,
} from './core/connection-core.js';
export type { Connection } from './core/connection.js';
export {
  SharedConnection,
  type SharedConnectionOptions,
  type SharedState,
} from './core/shared/shared-connection.js';
export type { ConnectionStatus, StatusInfo } from './core/connection-status.js';
export type { ServerLimits } from './core/server-limits.js';
export { MqttElementsError, type MqttErrorCode } from './core/errors.js';
export { MqttMessage } from './core/message.js';
export { publishTopicError, topicFilterError, topicMatchesFilter } from './core/topic.js';
export { TopicRouter } from './core/topic-router.js';
export { diagnoseBrokerUrl, type UrlDiagnosis } from './core/url-diagnosis.js';
export * from './events.js';
