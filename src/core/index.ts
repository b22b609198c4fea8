/**
 * The OK Graph API core: ids, schemas, request builders, the client and message formatting.
 * Nothing here depends on `vscode`; the extension, the CLI and the tests all use this module.
 */
export * from './model/ids';
export * from './model/okHosts';
export * from './model/redact';
export * from './model/okApiError';
export * from './model/okSchemas';
export * from './model/messageSchemas';
export { parseJsonExact, quoteLongIntegers } from './net/exactJson';
export * as requests from './net/okRequests';
export type { ApiRequest } from './net/okRequests';
export * from './net/okClient';
export * from './net/clientOptions';
export { describeShape } from './net/okAnswers';
export * from './net/connectionProblems';
export * from './messages/messageText';
export * from './net/baseUrls';
export * from './model/tokenInput';
export * from './notify/buildRules';
export * from './notify/buildStatus';
export * from './notify/durations';
export * from './notify/buildOutput';
export * from './notify/outputTail';
export * from './notify/buildMessage';
export * from './notify/buildFindings';
export * from './notify/ciEnvironment';
export * from './notify/buildButtons';
export { commitUrlFor, hostLabel, hostStyle, linesUrlFor, prUrlFor, repositoryPage, safeUrl, HOST_STYLES, type HostKinds, type HostStyle, type LinesTarget } from './model/gitHosts';
export * from './net/proxySettings';
export type * from './net/transport';
export * from './net/fileUpload';
export * from './net/imageByUrl';
export * from './net/textParts';
export * from './messages/labels';
export * from './messages/history';
export * from './messages/conversation';
export * from './messages/ours';
export * from './messages/sentRecords';
export * from './messages/snippetText';
export * from './messages/terminalText';
export * from './outbox/outboxItems';
export * from './outbox/outboxQueue';
export * from './outbox/deliver';
export { pageMessage } from './pages/conversationMessages';
export { previewMessage } from './pages/previewMessages';
export type { WarnLog } from './pages/acceptPageMessage';
