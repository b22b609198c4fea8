import * as assert from 'node:assert/strict';
import { causeChain, errorCodes, errorText, isTlsFailureCode, proxyFailureReason, speaksPlainHttp } from '../../src/core';

/** An error with a code and a cause, as undici and Node make them. */
function failure(message: string, code?: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), code ? { code } : {});
}

describe('connection problems: reading an error and its causes', () => {
  const wrapped = failure('fetch failed', undefined, failure('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', 'socket closed'));

  it('walks the cause chain once, outermost first, ending at a cause that is not an object', () => {
    const chain = causeChain(wrapped);
    assert.equal(chain.length, 3);
    assert.equal(chain[2], 'socket closed');
    assert.deepEqual(errorCodes(wrapped), ['ECONNREFUSED']);
    assert.equal(errorText(wrapped), 'fetch failed: connect ECONNREFUSED 127.0.0.1:9: socket closed');
  });

  it('stops after six links, also for a cause that points back at itself', () => {
    const loop = failure('loop', 'ELOOP');
    (loop as { cause?: unknown }).cause = loop;
    assert.equal(causeChain(loop).length, 6);
    assert.equal(errorText(loop).split(': ').length, 5);
  });

  it('one check tells a failed TLS handshake, certificate or not', () => {
    for (const code of ['CERT_HAS_EXPIRED', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'HOSTNAME_MISMATCH']) {
      assert.ok(isTlsFailureCode(code), code);
    }
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPROTO']) assert.ok(!isTlsFailureCode(code), code);
  });

  it('a TLS failure on the way to the proxy is told as a TLS problem, whatever its code', () => {
    assert.equal(proxyFailureReason(failure('fetch failed', undefined, failure('handshake', 'ERR_TLS_HANDSHAKE_TIMEOUT'))), 'tls');
    assert.equal(proxyFailureReason(failure('fetch failed', undefined, failure('unable to verify', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'))), 'tls');
    assert.equal(proxyFailureReason(failure('fetch failed', undefined, failure('refused', 'ECONNREFUSED'))), 'unreachable');
  });

  it('a plain http server met by TLS is recognised from a code or from the OpenSSL words', () => {
    assert.ok(speaksPlainHttp(failure('fetch failed', undefined, failure('x', 'ERR_SSL_WRONG_VERSION_NUMBER'))));
    assert.ok(speaksPlainHttp(failure('fetch failed', undefined, failure('routines:ssl3_get_record:wrong version number', 'EPROTO'))));
    assert.ok(!speaksPlainHttp(failure('fetch failed', undefined, failure('socket hang up', 'ECONNRESET'))));
  });
});
