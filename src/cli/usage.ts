/** The help texts of the `ok-chat` CLI: the overview and one per command. */
import { DEFAULT_BASE_URL, DEFAULT_BUILD_TEMPLATE, DEFAULT_MAX_MESSAGE_LENGTH } from '../core';

export const TOKEN_WHY =
  "The token is read only from the environment: command-line arguments are visible to every user of the machine (ps, /proc) and end up in shell history and CI logs. Set OK_ACCESS_TOKEN from your CI's secret store.";

export const USAGE = `ok-chat: send messages and build notifications to OK (ok.ru) group chats.

Usage:
  ok-chat send --chat <chat> [--text <text>]       Send a message (text from stdin without --text)
  ok-chat notify --chat <chat> --status <status>   Report a build result
  ok-chat chats [--json]                           List the group's chats
  ok-chat read --chat <chat> [--count N] [--json]  Print a chat's last messages
  ok-chat <command> --help                         Options of a command
  ok-chat --version

<chat> is chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link to the chat.

Environment:
  OK_ACCESS_TOKEN   The group's access token (required). A group admin gets it on ok.ru:
                    group Settings > Messages > "Работа с API" > get key.
                    There is deliberately no --token option: command-line arguments are
                    visible to every user of the machine (ps, /proc) and end up in shell
                    history and CI logs. Set the variable from your CI's secret store.
  OK_API_BASE_URL   The API base URL (default ${DEFAULT_BASE_URL}; https only, plain http
                    only for localhost, e.g. a local sandbox: http://127.0.0.1:8787/graph).
  HTTPS_PROXY       A proxy (http://user:password@proxy:3128; HTTP_PROXY when it is not set),
                    with NO_PROXY for exceptions (names, IP addresses, ranges like 10.0.0.0/8).
  NODE_EXTRA_CA_CERTS
                    A PEM file of extra CAs to trust (a corporate root CA).

Exit codes:
  0  done (also when notify decides not to send: the reason is on stderr)
  1  OK refused the request or answered an error (the reason is on stderr)
  2  usage error: unknown command or option, a missing or bad value, empty text,
     a bad OK_API_BASE_URL
  3  OK_ACCESS_TOKEN is not set
  4  not sent: could not reach OK (network, proxy or TLS error, timeout, a redirect,
     an answer that was not from OK, or --timeout passed before the request left)
  5  may have been sent: check the chat before sending again (the answer was lost,
     was not from OK, or --timeout passed after the request left, so OK may have it)

Every command that talks to OK takes --timeout <duration> (default 2m): all of its
requests together, waits included, end by then. Reading stdin does not count. Each wait
(OK's rate limit, a retry) is announced on stderr.

Results (message ids, chat lists, messages read) go to stdout, everything else to stderr.
Option values may start with a dash (--status -1073741819); --name=value works too.
`;

export const SEND_USAGE = `Usage: ok-chat send --chat <chat> [--text <text>] [options]

Sends a text message to a chat of the group. Without --text (or with --text -) the text is
read from stdin:
  git log -1 --format=%B | ok-chat send --chat C3ecb9d02a600
Text longer than --max-length is split on line ends into numbered parts "(1/3) ...".
Prints the id of every message sent, one per line.

Options:
  -c, --chat <chat>      The chat: chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link
  -t, --text <text>      The message; "-" reads it from stdin
      --max-length <n>   Longest message in characters (default ${DEFAULT_MAX_MESSAGE_LENGTH})
      --timeout <d>      How long all the talking to OK may take, waits included: 90s, 2m
                         (default 2m; reading stdin does not count). Past it: exit 4 when
                         nothing was sent, 5 when the message may have been sent
      --dry-run          Print the message instead of sending it (no token needed)
  -h, --help             Show this help

The token comes from OK_ACCESS_TOKEN (see ok-chat --help).
`;

export const NOTIFY_USAGE = `Usage: ok-chat notify --chat <chat> --status <status> [options]

Sends the result of a build, test run or deployment:
  make test; ok-chat notify --chat C3ecb9d02a600 --status $? --name "unit tests" --duration 93s
  ok-chat notify --chat C3ecb9d02a600 --status \${{ job.status }} --when change    (GitHub Actions)

Options:
  -c, --chat <chat>          The chat to post to
  -s, --status <status>      An exit code (0 is success; negative ones such as Windows'
                             -1073741819 too) or success | failure | cancelled
                             (passed, failed, canceled, ok, error are understood too),
                             or started: the run has begun (see below)
  -n, --name <name>          What ran (default "build")
      --duration <d>         How long it took: 93 (seconds), 93s, 93000ms, 1m33s, 1h2m
      --workspace <name>     The project (default $GITHUB_REPOSITORY, $CI_PROJECT_PATH,
                             $BITBUCKET_REPO_FULL_NAME, else the git repository's folder name)
      --branch <name>        The branch (default $GITHUB_HEAD_REF, $GITHUB_REF_NAME,
                             $CI_COMMIT_REF_NAME, $BRANCH_NAME, $BITBUCKET_BRANCH,
                             $BUILDKITE_BRANCH, $CIRCLE_BRANCH, else the detected CI's
                             branch, else git's current branch)
      --run-url <url>        The page of this CI run (default: from the detected CI)
      --commit <id>          The commit built (default: from the detected CI); {commit}
                             shows its first 7 hex digits
      --commit-url <url>     The commit's page (default: from the CI, or made from the
                             repository's address for GitHub, GitLab, Bitbucket, Azure Repos,
                             Gitea/Forgejo)
      --author <name>        Who pushed or started it (default: from the detected CI)
      --pr <number>          The pull/merge request (default: from the detected CI)
                             An empty value (--author "") shows none.
      --when <rule>          always (default) | failure | success | change
                             change: only when the build breaks (the first failure, or a
                             failure after a success) or is fixed (a success after a failure)
      --state-file <path>    Keeps the last status between runs. Used by --when change (and
                             by any rule when given, for "is broken"/"is fixed" messages).
                             Default: last-status-<hash>.json, one per chat, name and folder,
                             in your cache folder: $XDG_CACHE_HOME/ok-chat or ~/.cache/ok-chat
                             (macOS: ~/Library/Caches/ok-chat; Windows: %LOCALAPPDATA%\\ok-chat).
                             On CI runners that start clean, point it at a cached path. One
                             file can hold many chats and names; entries not updated for 90
                             days are dropped.
      --run-key <key>        The run a "started" message belongs to (default: the detected
                             CI's run and job, e.g. github:acme/app/11876543210/1/test)
      --message-id <id>      The "started" message the result edits (the id --status started
                             printed), for jobs that share no state file
      --template <text>      The message; "\\n" is a line break. Variables:
                               {name} {status} {statusText} {icon} {exitCode} {duration}
                               {workspace} {branch} {time} {transition} {output}
                               {runUrl} {commit} {commitUrl} {author} {pr}
                               {failedTests} {problems} (what failed: see --junit)
                             A line, a (...) or [...] group, or a part between separators
                             ( · | - , ; ) whose variables are all empty disappears.
      --output-file <path>   The build's log ("-" reads stdin): failures show its last lines,
                             without colours, with passwords and tokens replaced by ***
      --output-lines <n>     How many last lines of the log to show (default 20)
      --junit <file|glob>    JUnit XML test reports (Maven Surefire, Gradle, jest-junit,
                             pytest, go-junit-report...): a failure shows "3 of 340 tests
                             failed" and up to 5 failed tests, each with the first line
                             of its failure and a link to the file and line at the built
                             commit when the report names a file of the repository.
                             A file, a folder (its .xml files) or a glob such as
                             "build/test-results/**/*.xml" (quote it); may be repeated
      --max-length <n>       Longest message in characters (default ${DEFAULT_MAX_MESSAGE_LENGTH})
      --no-buttons           No link buttons under the message (see below)
      --timeout <d>          How long all the talking to OK may take, waits included:
                             90s, 2m (default 2m; reading the log from stdin does not
                             count). Past it: exit 4 when nothing was sent, 5 when the
                             message may have been sent
      --dry-run              Print the message instead of sending it (no token needed;
                             the state file is not changed; the buttons go to stderr)
  -h, --help                 Show this help

The default template is
  ${DEFAULT_BUILD_TEMPLATE.split('\n').join('\\n\n  ')}
for example
  ❌ build failed (exit code 2) · 1 min 05 s
  my-app · main · 14:03
In CI the last three lines say where to look; outside CI they disappear:
  ann-lee · commit 3f78685 · PR #57
  https://github.com/acme/app/actions/runs/11876543210
  https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b
The CI is detected from its environment: GitHub Actions, GitLab CI, Jenkins, TeamCity,
Azure Pipelines, Bitbucket Pipelines, Drone, Woodpecker (user names and passwords in
its URLs are removed). TeamCity gives a run link when the build configuration sets
env.TEAMCITY_SERVER_URL=%teamcity.serverUrl% and env.TEAMCITY_BUILD_ID=%teamcity.build.id%.
When the links are known, the message (its last part) has buttons "Open CI run",
"Open commit" and "Open pull request". If OK refuses the buttons, the message is sent
again once without them, with the links as text lines ("OK refused the link buttons"
on stderr; links that do not fit under it within --max-length follow in messages of
their own); any other error is not retried.
With a state file (--when change, or --state-file), the first failure and a failure after
a success read "❌ build is broken ...", a success after a failure "🔧 build is fixed ...".
When the rule says not to send, nothing is sent, the reason is printed and the exit code is 0.
--status started (only with --when always) posts "⏳ <name> started · <workspace> · <branch>
· <run link>", prints its id and keeps it in the state file under the chat, name and run.
The run's result edits that message (cut to one message, with its buttons); where OK
refuses the edit, the result is a reply to it; without one (or when OK gave it no id, said
on stderr), a new message. A result the rule does not send still edits it (nothing new).
`;

export const CHATS_USAGE = `Usage: ok-chat chats [--json]

Lists the group's chats: id, status and title, one chat per line.

Options:
      --json             Print the chats as OK returns them, as a JSON array
      --timeout <d>      How long all the talking to OK may take (default 2m)
  -h, --help             Show this help
`;

export const READ_USAGE = `Usage: ok-chat read --chat <chat> [--count <n>] [--json]

Prints the last messages of a chat, oldest first, a block per message: the time, the sender,
then the text. Chat events (members added, the title changed) are lines starting with "*";
snippets sent by OK Chat show their header, then the code. For scripts:
  ok-chat read --chat C3ecb9d02a600 --count 5 | grep -q "deployed 2.4.1"

Options:
  -c, --chat <chat>      The chat: chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link
  -n, --count <n>        How many messages (default 20, at most 1000)
      --json             Print the messages as OK returns them, as a JSON array, oldest first;
                         ids such as "seq" as strings (they do not fit a JSON number reader)
      --timeout <d>      How long all the talking to OK may take (default 2m)
  -h, --help             Show this help

The token comes from OK_ACCESS_TOKEN (see ok-chat --help).
`;

export const HELP: Readonly<Record<string, string>> = { send: SEND_USAGE, notify: NOTIFY_USAGE, chats: CHATS_USAGE, read: READ_USAGE };
