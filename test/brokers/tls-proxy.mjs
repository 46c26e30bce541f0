// TLS for the browser tests, the way production does it: a certificate made for the run (openssl)
// and nginx (Debian's package) terminating TLS in front of a broker's WebSocket port, configured as
// the usual nginx-in-front-of-EMQX/Mosquitto guides do. Chromium trusts exactly that certificate by
// its public-key hash (--ignore-certificate-errors-spki-list), not by ignoring certificate errors.
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locate } from '../../dev/programs.mjs';
import { freePort } from './mosquitto.mjs';
import { killOnExit, removeOnExit } from './stop-on-exit.mjs';

/** The path of `name`, or an error that says which package to install and which variable to set. */
function programPath(name) {
  const { path, problem } = locate(name);
  if (!path) throw new Error(problem);
  return path;
}

/**
 * Makes a self-signed certificate for localhost and 127.0.0.1 in `dir` (synchronously: Chromium's
 * launch arguments need its hash before anything starts). Returns the file paths and the base64
 * SHA-256 of its SubjectPublicKeyInfo, the form --ignore-certificate-errors-spki-list takes.
 */
export function createCertificate(dir, name = 'localhost') {
  const openssl = programPath('openssl');
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  const result = spawnSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`openssl could not make the test certificate:\n${result.stderr}`);
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return { keyFile, certFile, spkiHash: createHash('sha256').update(spki).digest('base64') };
}

/**
 * Starts nginx on a free loopback port, terminating TLS with `certificate` and proxying WebSocket
 * upgrades on `/mqtt` to `targetPort`. Returns the port and `close()`.
 *
 * @param {{ targetPort: number, targetPath?: string, certificate: { keyFile: string, certFile: string } }} options
 */
export async function startNginx({ targetPort, targetPath = '/mqtt', certificate }) {
  const nginx = programPath('nginx');
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-elements-nginx-'));
  const forgetDir = removeOnExit(dir);
  const port = await freePort();
  const config = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${certificate.certFile};
    ssl_certificate_key ${certificate.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    location /mqtt {
      proxy_pass http://127.0.0.1:${targetPort}${targetPath};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      # MQTT keeps the socket open for hours; nginx's default of 60 s would cut idle links.
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // nginx's master stops its worker on SIGTERM; killed outright, it would leave the worker running.
  const forgetChild = killOnExit(child, 'SIGTERM');
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      // SIGQUIT would wait for open WebSockets to finish; the test is over, so stop now.
      child.kill('SIGTERM');
      await exited;
    }
    forgetChild();
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
  };
  try {
    await waitForNginx(child, dir, port, () => stderr);
  } catch (error) {
    await close();
    throw error;
  }
  return { port, close };
}

async function waitForNginx(child, dir, port, stderr) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      throw new Error(`nginx exited at start:\n${stderr()}${log}`);
    }
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (i > 200) throw new Error(`nginx did not open port ${port}:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
