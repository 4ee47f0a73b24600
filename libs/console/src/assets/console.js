// The web console: plain browser JavaScript, no build step, no third-party code. Everything
// it shows comes from the authenticated API: POST /auth/login for local accounts, and plain
// JSON-RPC on POST /mcp (server_ping for identity, tools/list, tools/call); signing out
// revokes the token it signed in with through POST /auth/logout.

const MCP_URL = new URL('../mcp', location.href).href;
const LOGIN_URL = new URL('../auth/login', location.href).href;
const LOGOUT_URL = new URL('../auth/logout', location.href).href;
const LOGOUT_TIMEOUT_MS = 10_000;
const TOKEN_KEY = 'mcp-console-token';
// 'login' when the console signed in itself, 'pasted' for a token brought from elsewhere.
const SOURCE_KEY = 'mcp-console-token-source';
// What the sign-out did, shown once on the sign-in page it reloads to.
const NOTICE_KEY = 'mcp-console-notice';

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function readJson(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { message: text };
  }
}

/** One JSON-RPC request to /mcp; resolves to its result, throws ApiError with a readable message. */
async function rpc(method, params) {
  const response = await fetch(MCP_URL, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}`,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: Date.now(), method, params }),
  });
  const body = await readJson(response);
  if (response.status === 401) {
    throw new ApiError(
      `The server refused this token (${body.error?.message ?? body.message ?? 'unauthorized'}). ` +
        'Sign in again, or paste a fresh token.',
      401,
    );
  }
  if (body.error) throw new ApiError(body.error.message, response.status);
  if (!response.ok) throw new ApiError(`HTTP ${response.status} from ${MCP_URL}`, response.status);
  return body.result;
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function showError(id, message) {
  $(id).textContent = message;
  show(id, Boolean(message));
}

function textOf(result) {
  return (result.content ?? [])
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

function effectOf(tool) {
  const hints = tool.annotations ?? {};
  if (hints.readOnlyHint === true) return ['read-only', 'effect-read'];
  if (hints.destructiveHint === false) return ['changes objects', 'effect-write'];
  return ['destructive', 'effect-destructive'];
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
}

/** The first `{...}` after "Example:" in a tool description, as a starting point. */
function exampleArguments(tool) {
  const match = /Example:\s*(\{.*?\})(?:\s|$)/.exec(tool.description ?? '');
  if (!match) return '{}';
  try {
    return JSON.stringify(JSON.parse(match[1]));
  } catch {
    return '{}';
  }
}

let readOnlyTools = [];

function renderTools(tools) {
  const body = $('tools').querySelector('tbody');
  body.replaceChildren();
  for (const tool of tools) {
    const row = document.createElement('tr');
    const [effect, className] = effectOf(tool);
    cell(row, tool.name);
    cell(row, tool.title ?? tool.description ?? '');
    cell(row, effect, className);
    body.append(row);
  }
  readOnlyTools = tools.filter((tool) => tool.annotations?.readOnlyHint === true);
  const select = $('run-tool');
  select.replaceChildren(
    ...readOnlyTools.map((tool) => {
      const option = document.createElement('option');
      option.value = tool.name;
      option.textContent = tool.name;
      return option;
    }),
  );
  if (readOnlyTools.some((tool) => tool.name === 'kubectl_get')) select.value = 'kubectl_get';
  prefillArguments();
}

function prefillArguments() {
  const tool = readOnlyTools.find((candidate) => candidate.name === $('run-tool').value);
  $('run-arguments').value =
    tool?.name === 'kubectl_get'
      ? '{"resource":"pods","namespace":"default"}'
      : tool
        ? exampleArguments(tool)
        : '{}';
}

function renderResult(result) {
  const table = $('result-table');
  const structured = result.structuredContent ?? {};
  const hasTable = Array.isArray(structured.columns) && Array.isArray(structured.rows);
  table.querySelector('thead').replaceChildren();
  table.querySelector('tbody').replaceChildren();
  if (hasTable && structured.rows.length > 0) {
    const head = document.createElement('tr');
    for (const column of structured.columns) {
      const th = document.createElement('th');
      th.textContent = column;
      head.append(th);
    }
    table.querySelector('thead').append(head);
    for (const values of structured.rows) {
      const row = document.createElement('tr');
      for (const value of values) cell(row, String(value));
      table.querySelector('tbody').append(row);
    }
  }
  show('result-table', hasTable && structured.rows.length > 0);
  $('result-text').textContent = hasTable && structured.rows.length > 0 ? '' : textOf(result);
  show('run-result', true);
}

async function enterWorkspace() {
  const ping = await rpc('tools/call', { name: 'server_ping', arguments: {} });
  const who = ping.structuredContent ?? {};
  $('who').textContent = who.caller ?? '?';
  $('roles').textContent = (who.roles ?? []).join(', ') || 'none';
  $('namespaces').textContent = (who.namespaces ?? []).join(', ') || 'none';
  const { tools } = await rpc('tools/list', {});
  renderTools(tools);
  show('identity', true);
  show('workspace', true);
  show('sign-in', false);
  $('copy-token').disabled = false;
}

async function useToken(token, source) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  sessionStorage.setItem(SOURCE_KEY, source);
  try {
    await enterWorkspace();
    showError('sign-in-error', '');
  } catch (error) {
    forgetToken();
    showError('sign-in-error', error.message);
  }
}

function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(SOURCE_KEY);
}

async function signIn(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  showError('sign-in-error', '');
  let response;
  try {
    response = await fetch(LOGIN_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    });
  } catch (error) {
    showError('sign-in-error', `Cannot reach the server: ${error.message}`);
    return;
  }
  const body = await readJson(response);
  if (response.status === 401) {
    showError('sign-in-error', 'Sign-in refused: wrong user name or password.');
  } else if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    showError(
      'sign-in-error',
      `Too many sign-in attempts; try again in ${wait ?? 'a few'} seconds.`,
    );
  } else if (!response.ok) {
    const detail = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    showError('sign-in-error', `Sign-in failed (HTTP ${response.status}): ${detail ?? ''}`);
  } else {
    event.target.reset();
    await useToken(body.access_token, 'login');
  }
}

async function runTool(event) {
  event.preventDefault();
  showError('run-error', '');
  let args;
  try {
    args = JSON.parse($('run-arguments').value || '{}');
  } catch (error) {
    showError('run-error', `The arguments are not valid JSON: ${error.message}`);
    return;
  }
  try {
    const result = await rpc('tools/call', { name: $('run-tool').value, arguments: args });
    if (result.isError) {
      show('run-result', false);
      showError('run-error', textOf(result));
    } else {
      renderResult(result);
    }
  } catch (error) {
    showError('run-error', error.message);
  }
}

/** POST /auth/logout with the token: it stops working on every replica until it expires. */
async function revoke(token) {
  const notRevoked = (reason) => ({
    error: true,
    text: `Signed out in this browser, but the server did not revoke the token (${reason}); it stays valid until it expires.`,
  });
  let response;
  try {
    response = await fetch(LOGOUT_URL, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      // Sign-out must end even when the server never answers.
      signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
    });
  } catch (error) {
    return notRevoked(`cannot reach the server: ${error.message}`);
  }
  if (response.ok) return { text: 'Signed out: the server revoked your token.' };
  if (response.status === 401) return { text: 'Signed out: your token had already ended.' };
  let detail = '';
  try {
    const body = (await readJson(response)) ?? {};
    detail = String(body.message ?? body.error?.message ?? '');
  } catch {
    // The status alone says enough; the body could not be read.
  }
  return notRevoked(`HTTP ${response.status}${detail ? `: ${detail}` : ''}`);
}

/**
 * Revokes a token the console signed in with. A pasted token is only forgotten here: it may be
 * an API token that integrations use (logout would delete it) or an identity provider's token.
 */
async function signOut() {
  $('sign-out').disabled = true;
  const token = sessionStorage.getItem(TOKEN_KEY);
  const notice =
    token && sessionStorage.getItem(SOURCE_KEY) === 'login'
      ? await revoke(token)
      : {
          text: 'Signed out in this browser. A pasted token is not revoked, as other clients may use it: revoke it where it was issued.',
        };
  forgetToken();
  sessionStorage.setItem(NOTICE_KEY, JSON.stringify(notice));
  location.reload();
}

function showSignOutNotice() {
  const stored = sessionStorage.getItem(NOTICE_KEY);
  if (!stored) return;
  sessionStorage.removeItem(NOTICE_KEY);
  const notice = JSON.parse(stored);
  if (notice.error) showError('sign-in-error', notice.text);
  else showError('sign-in-notice', notice.text);
}

function clientConfigurations() {
  const url = MCP_URL;
  const { protocol, hostname } = new URL(url);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  const remoteArgs = ['mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'];
  if (protocol === 'http:' && !local) remoteArgs.push('--allow-http');
  $('server-url').textContent = url;
  $('config-dify').textContent = [
    `Server URL:        ${url}`,
    'Name:              Kubernetes',
    'Server identifier: kubernetes',
    'Headers:           {"Authorization": "Bearer YOUR_TOKEN"}',
  ].join('\n');
  $('config-claude').textContent = JSON.stringify(
    {
      mcpServers: {
        kubernetes: {
          command: 'npx',
          args: remoteArgs,
          env: { AUTH_HEADER: 'Bearer YOUR_TOKEN' },
        },
      },
    },
    null,
    2,
  );
  $('config-curl').textContent = [
    `curl -X POST ${url} \\`,
    '  -H "Authorization: Bearer YOUR_TOKEN" \\',
    '  -H "Content-Type: application/json" \\',
    `  -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"kubectl_get","arguments":{"resource":"pods","namespace":"default"}}}'`,
  ].join('\n');
}

async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    $('copy-status').textContent = `Copied ${what}.`;
  } catch {
    $('copy-status').textContent =
      `Copying is blocked here; select the ${what} and copy it by hand.`;
  }
}

function start() {
  clientConfigurations();
  $('login-form').addEventListener('submit', signIn);
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = new FormData(event.target).get('token');
    event.target.reset();
    void useToken(String(token), 'pasted');
  });
  $('run-form').addEventListener('submit', runTool);
  $('run-tool').addEventListener('change', prefillArguments);
  $('sign-out').addEventListener('click', signOut);
  $('copy-token').addEventListener('click', () =>
    copy(sessionStorage.getItem(TOKEN_KEY) ?? '', 'token'),
  );
  for (const button of document.querySelectorAll('button.copy')) {
    button.addEventListener('click', () =>
      copy($(button.dataset.copy).textContent, 'configuration'),
    );
  }
  showSignOutNotice();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) void useToken(token, sessionStorage.getItem(SOURCE_KEY) ?? 'pasted');
}

start();
