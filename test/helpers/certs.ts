/**
 * A throw-away certificate authority for tests, made with the `openssl` command line in a
 * temporary directory: a CA, and a server certificate for 127.0.0.1 / localhost / ::1 signed by it.
 * A second, unrelated CA is made too, to show that trusting the wrong CA does not help.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TestPki {
  dir: string;
  /** The CA certificate (PEM) and the file holding it (for NODE_EXTRA_CA_CERTS). */
  caCert: string;
  caFile: string;
  /** A CA that signed nothing we serve. */
  otherCaCert: string;
  /** The server's key and certificate (PEM). */
  key: string;
  cert: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

/** True when the `openssl` command line is available. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** `names`: more DNS names for the server certificate (e.g. `ok.test`, reached through a proxy). */
export function makeTestPki(names: readonly string[] = []): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'ok-chat-pki-'));
  try {
    // EC keys keep this fast (RSA generation would take most of the test's time budget).
    const ecKey = (name: string) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name], dir);
    for (const name of ['ca.key', 'other.key', 'server.key']) ecKey(name);
    const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
    openssl(['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '2', '-subj', '/CN=OK Chat Test CA', ...caExt, '-out', 'ca.pem'], dir);
    openssl(['req', '-x509', '-new', '-key', 'other.key', '-sha256', '-days', '2', '-subj', '/CN=Unrelated Test CA', ...caExt, '-out', 'other.pem'], dir);
    openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr'], dir);
    writeFileSync(
      path.join(dir, 'server.ext'),
      ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost${names.map((n) => `,DNS:${n}`).join('')}`, ''].join('\n'),
    );
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-sha256', '-extfile', 'server.ext', '-out', 'server.pem'], dir);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    return {
      dir,
      caCert: read('ca.pem'),
      caFile: path.join(dir, 'ca.pem'),
      otherCaCert: read('other.pem'),
      key: read('server.key'),
      cert: read('server.pem'),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
