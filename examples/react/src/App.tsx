import { useState } from 'react';
import type { Credentials, MqttMessageEvent } from 'mqtt-elements';

// The broker to use: `?broker=ws://…` in the page's address, else the one `npm start` runs in the
// mqtt-elements repository.
const query = new URLSearchParams(location.search);
const brokerUrl = query.get('broker') ?? 'ws://localhost:8083/mqtt';
// `?shared`: every tab of the app shares one broker connection (a SharedWorker holds it).
const shared = query.has('shared');

// Asked for on every (re)connect, so the password never appears in the page's HTML.
async function credentials(): Promise<Credentials> {
  return { username: 'example', password: 'example-password' };
}

function App() {
  const [lastMessage, setLastMessage] = useState('none yet');

  function showMessage(event: MqttMessageEvent) {
    setLastMessage(`${event.detail.topic} = ${String(event.detail.value)}`);
  }

  return (
    <>
      <h1>mqtt-elements in React</h1>
      <mqtt-connection url={brokerUrl} credentials={credentials} shared={shared}>
        <p>
          Broker: <mqtt-status></mqtt-status>
        </p>
        <p>
          Temperature:{' '}
          <mqtt-subscribe
            id="temperature"
            topic="example/temperature"
            decimals={1}
            unit=" °C"
            onmqtt-message={showMessage}
          ></mqtt-subscribe>
        </p>
        <mqtt-switch state-topic="example/lamp" command-topic="example/lamp/set" label="Lamp"></mqtt-switch>
        <p>
          Last message: <output id="last-message">{lastMessage}</output>
        </p>
      </mqtt-connection>
    </>
  );
}

export default App;
