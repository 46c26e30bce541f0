// The token service of the soak: a loopback HTTP endpoint that hands the page the current user name,
// password and expiry as JSON, as a site's own back end would, and counts how often it was asked.
import { createServer } from 'node:http';

/** @param {{ current: () => { username: string, password: string, expiresAt: number } }} rotation */
export async function startTokenServer(rotation) {
  let fetches = 0;
  const server = createServer((req, res) => {
    // The page is served from another port, so another origin: it needs CORS, as a real one would.
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (req.url !== '/token' || req.method !== 'GET') {
      res.writeHead(404, headers).end();
      return;
    }
    fetches++;
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(rotation.current()));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/token`,
    get fetches() {
      return fetches;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}
