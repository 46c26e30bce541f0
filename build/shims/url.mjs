// `url.parse(text, true)`, the legacy Node API MQTT.js reads a broker URL with, on top of the browser's URL.

export function parse(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    // A relative URL ("/mqtt"): MQTT.js then connects to the page's own host.
    const [path, search = ''] = text.split('?');
    return {
      protocol: null,
      hostname: null,
      host: null,
      port: null,
      auth: null,
      path: text,
      pathname: path,
      query: Object.fromEntries(new URLSearchParams(search)),
    };
  }
  const auth = url.username
    ? decodeURIComponent(url.username) + (url.password ? `:${decodeURIComponent(url.password)}` : '')
    : null;
  return {
    protocol: url.protocol,
    // Brackets kept on an IPv6 host: MQTT.js puts the hostname back into a URL as it is.
    hostname: url.hostname,
    host: url.host,
    port: url.port || null,
    auth,
    path: (url.pathname || '/') + url.search,
    pathname: url.pathname,
    query: Object.fromEntries(url.searchParams),
  };
}

export default { parse };
