// A web-test-runner plugin serving plain-HTML pages that load the CDN bundle under a strict
// Content-Security-Policy header, the way a careful site would: scripts only from its own origin, no
// inline script, no eval, no plugins, no <base>. The tests open them in an iframe and watch for
// `securitypolicyviolation` events; a page with an inline script proves the watching works.

/**
 * The policy under test: no 'unsafe-inline', no 'unsafe-eval', and Trusted Types required, so that any
 * string written to an HTML or script sink (innerHTML, srcdoc, script text) is a violation.
 */
export const strictPolicy =
  "script-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";

const prefix = '/strict-csp/';

const escapeAttribute = (text) =>
  String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');

// Loaded first, from this origin: records every violation where the test can read it. It is the only
// script the page has besides the bundle.
const recorder = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile + ':' + event.lineNumber,
  });
});
`;

function page({ bundle, url, topic, keepalive }) {
  const script =
    bundle === 'global'
      ? '<script src="/cdn/mqtt-elements.global.js"></script>'
      : '<script type="module" src="/cdn/mqtt-elements.js"></script>';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>mqtt-elements under a strict CSP</title>
    <script src="${prefix}violation-recorder.js"></script>
    ${script}
  </head>
  <body>
    <mqtt-connection url="${escapeAttribute(url)}" keepalive="${escapeAttribute(keepalive)}">
      <mqtt-status></mqtt-status>
      <p>Temperature: <mqtt-subscribe id="temp" topic="${escapeAttribute(topic)}/temp" select="value" decimals="1" unit=" °C"></mqtt-subscribe></p>
      <mqtt-subscribe id="level" topic="${escapeAttribute(topic)}/temp" select="value" bind="value"><progress max="40"></progress></mqtt-subscribe>
      <ul>
        <mqtt-subscribe id="rooms" topic="${escapeAttribute(topic)}/rooms/+">
          <template><li class="room">{{1}}: {{value}}</li></template>
        </mqtt-subscribe>
      </ul>
      <mqtt-publish id="lamp" topic="${escapeAttribute(topic)}/lamp/set" qos="1" payload-template='{"state": "{{value}}"}'>
        <button value="ON">Lamp on</button>
      </mqtt-publish>
    </mqtt-connection>
  </body>
</html>
`;
}

/** The same page plus an inline script: the policy must block it and the recorder must see it. */
function controlPage() {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Control: an inline script under the same policy</title>
    <script src="${prefix}violation-recorder.js"></script>
  </head>
  <body>
    <script>window.inlineScriptRan = true;</script>
  </body>
</html>
`;
}

// Writes a string to innerHTML, which Trusted Types must refuse: proves that directive is enforced.
const trustedTypesProbe = `try {
  document.body.innerHTML = '<b>from a string</b>';
  window.innerHtmlWritten = true;
} catch {
  window.innerHtmlWritten = false;
}
`;

/** A page whose one same-origin script writes a string to innerHTML. */
function trustedTypesControlPage() {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Control: a string written to innerHTML under the same policy</title>
    <script src="${prefix}violation-recorder.js"></script>
  </head>
  <body>
    <script src="${prefix}trusted-types-probe.js"></script>
  </body>
</html>
`;
}

export function strictCspPlugin() {
  return {
    name: 'mqtt-strict-csp-pages',
    serve(context) {
      if (!context.path.startsWith(prefix)) return undefined;
      const headers = { 'content-security-policy': strictPolicy, 'cache-control': 'no-store' };
      const name = context.path.slice(prefix.length);
      if (name === 'violation-recorder.js') return { body: recorder, type: 'js', headers };
      if (name === 'control.html') return { body: controlPage(), type: 'html', headers };
      if (name === 'trusted-types-probe.js') return { body: trustedTypesProbe, type: 'js', headers };
      if (name === 'trusted-types-control.html') {
        return { body: trustedTypesControlPage(), type: 'html', headers };
      }
      if (name === 'page.html') {
        const query = context.query ?? {};
        return {
          body: page({
            bundle: query.bundle,
            url: query.url ?? '',
            topic: query.topic ?? 'csp',
            keepalive: query.keepalive ?? '60',
          }),
          type: 'html',
          headers,
        };
      }
      return undefined;
    },
  };
}
