/** The sentences for the user of an {@link OkApiError}: what happened and what to do (proxies and certificates included). */
import * as l10n from '@vscode/l10n';
import type { OkErrorKind } from './okErrorCodes';
import { describeForeignAnswer, describeWait } from './answerWords';
import type { BaseUrlHint, ConnectionProblem, OkApiErrorInit } from './okApiError';

export function describe(init: OkApiErrorInit, okMessage: string | undefined): string {
  const { kind, code, httpStatus, delivery, field } = init;
  const said = okMessage ? ` ${l10n.t('OK said: {0}', okMessage)}` : '';
  switch (kind) {
    case 'auth':
      if (code === undefined && httpStatus === undefined && delivery === 'not-sent') {
        return l10n.t('No access token is set. Set the group access token first.');
      }
      return l10n.t('OK rejected the access token: it is wrong, expired or was regenerated. Set a new group token.');
    case 'rate-limit':
      return init.retryAfterMs !== undefined && init.retryAfterMs > 0
        ? l10n.t('OK is limiting how fast messages can be sent and asks to wait {0}. Try again after that.', describeWait(init.retryAfterMs))
        : l10n.t('OK is limiting how fast messages can be sent. Wait a minute and try again.');
    case 'redirect':
      return l10n.t(
        "OK's address answered with a redirect to {0} (HTTP {1}). OK's API does not redirect, so it was not followed and nothing went to {0}. A proxy or a captive portal may be in the way: check the network and the API address.",
        init.redirectHost ?? '?',
        httpStatus ?? '3xx',
      );
    case 'not-ok':
      return delivery === 'unknown'
        ? l10n.t('The answer was not from OK ({0}).', describeForeignAnswer(init.answer))
        : l10n.t('Could not reach OK: the answer was not from OK ({0}). Check the network connection, then retry.', describeForeignAnswer(init.answer));
    case 'temporary':
      return code !== undefined || httpStatus !== undefined
        ? l10n.t('OK is temporarily unavailable (error {0}). Try again in a moment.', code ?? httpStatus ?? '?')
        : l10n.t('OK is temporarily unavailable. Try again in a moment.');
    case 'not-found':
      return l10n.t('OK does not know this chat, or the group is no longer in it. Check the chat id or remove it from the list.') + said;
    case 'permission':
      return code === 1102
        ? l10n.t('The user cannot receive messages from the group: they must allow messages from the group first.')
        : l10n.t('OK does not allow the group to do this (error {0}).', code ?? httpStatus ?? '?') + said;
    case 'param':
      return l10n.t('OK refused the request (error {0}).', code ?? httpStatus ?? '?') + said;
    case 'network':
      return l10n.t('Could not reach OK. Check the network connection or proxy settings, then retry.');
    case 'timeout':
      return l10n.t('OK did not answer in time. Check the network connection, then retry.');
    case 'cancelled':
      return l10n.t('Cancelled.');
    case 'bad-response':
      return field
        ? l10n.t('OK answered without "{0}", which OK Chat needs here. Try again; if it keeps happening, open OK Chat: Show Log and report what OK answered.', field)
        : l10n.t('OK answered with something unexpected. Try again; if it keeps happening, report it with the log.');
    case 'refused':
      return l10n.t('OK did not apply this: it answered "success": false without saying why. The group may not be allowed to do this in this chat, or the chat has changed. Check the chat on ok.ru.');
    case 'user-token':
      return l10n.t('This is a user token; OK Chat needs a group\'s token: group Settings → Messages → API.');
    default:
      return code !== undefined ? l10n.t('OK returned error {0}.', code) + said : l10n.t('Something went wrong talking to OK.') + said;
  }
}

export function describeBaseUrlHint(hint: BaseUrlHint, okMessage: string | undefined): string {
  const said = okMessage ? ` ${l10n.t('OK said: {0}', okMessage)}` : '';
  return l10n.t('OK did not recognise the request: the API base URL {0} does not end with /graph, so it is probably incomplete. Try {1}.', hint.baseUrl, hint.suggested) + said;
}

function proxyReason(c: ConnectionProblem): string {
  const vscode = c.proxySource === 'vscode';
  switch (c.proxyFailure) {
    case 'not-found':
      return l10n.t('the proxy could not be reached: its host name was not found');
    case 'timeout':
      return l10n.t('the proxy did not answer in time');
    case 'auth':
      if (vscode) {
        return l10n.t('the proxy requires authentication (407) and VS Code could not sign in to it: put the user name and password in the http.proxy setting, like http://user:password@proxy:port, or sign in when VS Code asks');
      }
      return c.proxyCredentialsSent
        ? l10n.t('the proxy requires authentication (407) and did not accept the user name and password in the proxy URL')
        : l10n.t('the proxy requires authentication (407): put the user name and password in the proxy URL, like http://user:password@proxy:port');
    case 'refused':
      return l10n.t('the proxy refused the connection (HTTP {0})', c.proxyStatus ?? '?');
    case 'closed':
      return l10n.t('the proxy closed the connection without answering');
    case 'tls':
      return l10n.t('the TLS connection to the proxy failed; if it is a plain http proxy, its URL must start with http://');
    default:
      return l10n.t('the proxy could not be reached');
  }
}

export function describeConnection(kind: OkErrorKind, c: ConnectionProblem): string | undefined {
  if (kind !== 'network' && kind !== 'timeout') return undefined;
  const vscode = c.proxySource === 'vscode';
  const check = vscode
    ? l10n.t("Check VS Code's proxy settings (http.proxy, http.proxySupport) and the system's proxy configuration.")
    : c.proxyEnvName
      ? l10n.t('Check the {0} environment variable.', c.proxyEnvName)
      : l10n.t('Check the proxy settings.');
  if (c.certificate) {
    if (vscode) {
      return l10n.t(
        "The TLS certificate of {0} was rejected ({1}). Behind a corporate proxy or HTTPS inspection, your organisation's root CA must be trusted: VS Code trusts the certificates of the operating system's store (http.systemCertificates), so add the CA there, or start VS Code with the NODE_EXTRA_CA_CERTS environment variable set to the CA's PEM file.",
        c.host ?? '?',
        c.certificate,
      );
    }
    return l10n.t(
      'The TLS certificate of {0} was rejected ({1}). Behind a corporate proxy or HTTPS inspection, your organisation\'s root CA must be trusted: set the NODE_EXTRA_CA_CERTS environment variable to the CA\'s PEM file and restart.',
      c.host ?? '?',
      c.certificate,
    );
  }
  if (c.notTls) {
    return c.plainHttpUrl
      ? l10n.t('The server at {0} does not speak TLS (https). If it is a plain http server on this machine, use {1}.', c.host ?? '?', c.plainHttpUrl)
      : l10n.t('The server at {0} does not speak TLS (https). Check the host and port of the API base URL (plain http is allowed only for this machine).', c.host ?? '?');
  }
  if (c.proxyFailure) {
    return c.proxy
      ? `${l10n.t('Could not connect through the proxy {0} ({1}).', c.proxy, proxyReason(c))} ${check}`
      : `${l10n.t('Could not connect through the proxy ({0}).', proxyReason(c))} ${check}`;
  }
  if (c.proxy && kind === 'network') {
    return `${l10n.t('Could not reach OK through the proxy {0}.', c.proxy)} ${check}`;
  }
  if (vscode && kind === 'network') {
    return l10n.t("Could not reach OK. Check the network connection; behind a proxy, check VS Code's proxy settings (http.proxy, http.proxySupport) and the system's proxy configuration. Then retry.");
  }
  return undefined;
}
