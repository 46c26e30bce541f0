// Deliberate mistakes: `npm run typecheck:mistakes` must report an error on every line marked
// MISTAKE and on no other line. It proves that the tags are typed, not `any`. One mistake per
// element: TypeScript reports only the first wrong attribute of an element.
import type { MqttMessageEvent } from 'mqtt-elements';

const expectsNumber = (value: number) => value;

export function Mistakes() {
  return (
    <>
      {/* MISTAKE: credentials is a function, not a number */}
      <mqtt-connection url="ws://localhost:8083/mqtt" credentials={42}></mqtt-connection>
      {/* MISTAKE: decimals is a number */}
      <mqtt-subscribe topic="example/temperature" decimals="one"></mqtt-subscribe>
      {/* MISTAKE: the event's detail is {message, topic, value}, not a number */}
      <mqtt-subscribe topic="t" onmqtt-message={(event: CustomEvent<number>) => expectsNumber(event.detail)}></mqtt-subscribe>
      {/* MISTAKE: the event's detail.topic is a string */}
      <mqtt-subscribe topic="t" onmqtt-message={(event: MqttMessageEvent) => expectsNumber(event.detail.topic)}></mqtt-subscribe>
      {/* MISTAKE: an untyped handler still knows detail.value is unknown */}
      <mqtt-subscribe topic="t" onmqtt-message={(event) => expectsNumber(event.detail.value)}></mqtt-subscribe>
      {/* MISTAKE: retain is a boolean */}
      <mqtt-switch state-topic="example/lamp" retain="yes please"></mqtt-switch>
      {/* MISTAKE: a dashed attribute takes a string or the property's type, not an object */}
      <mqtt-connection url="ws://localhost:8083/mqtt" client-id={{ id: 1 }}></mqtt-connection>
      {/* MISTAKE: there is no such tag */}
      <mqtt-swtich state-topic="example/lamp"></mqtt-swtich>
    </>
  );
}
