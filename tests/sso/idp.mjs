// The identity provider of the single sign-on test: `oidc-provider`
// (OpenID certified) with test accounts and a password form of its own
// (the package's development forms accept any password). Everything it
// needs comes from the command line and one JSON file:
//
//   node idp.mjs PORT CONFIG.json
//
// CONFIG.json: {"client": {"client_id", "client_secret", "redirect_uris"},
//               "accounts": {"<login>": {"password", "groups", "email_verified",
//                                         "email" (default: the login), "extra" (more claims)}}}
//
// It listens on 127.0.0.1 only, prints "ready" once it does, and stops on
// SIGTERM.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const [port, configFile] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const accounts = config.accounts;
const issuer = `http://127.0.0.1:${port}`;
// A signing key of its own for each run (the package's built-in one is
// for quick starts).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test' };

const provider = new Provider(issuer, {
  clients: [{
    ...config.client,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified', 'enablekit_portal'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'groups'],
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          ...account.extra,
          sub: id,
          email: account.email ?? id,
          email_verified: account.email_verified !== false,
          groups: account.groups ?? [],
        };
      },
    };
  },
  // A first-party portal: no consent screen, every requested claim granted.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email groups');
    grant.addOIDCClaims(['email', 'email_verified', 'groups', 'enablekit_portal']);
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false } },
  jwks: { keys: [signingKey] },
  cookies: { keys: ['enablekit-sso-test-cookie-key'] },
  pkce: { required: () => false },
});

const form = (uid, error) => `<!doctype html><title>Sign in</title>
<form method="post" action="/interaction/${uid}">
${error ? '<p class="error">Wrong e-mail or password.</p>' : ''}
<input name="login" type="email"><input name="password" type="password">
<button>Sign in</button></form>`;

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

async function interaction(req, res, uid) {
  await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(form(uid, false));
    return;
  }
  const params = await body(req);
  const login = params.get('login') ?? '';
  const account = accounts[login];
  if (!account || account.password !== params.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(form(uid, true));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: login } }, {
    mergeWithLastSubmission: false,
  });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(req.url.split('?')[0]);
  if (!match) {
    callback(req, res);
    return;
  }
  interaction(req, res, match[1]).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
});
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
