// Drives a Gitea (here: the pxci simulator) with gitea-js, a client generated from Gitea's OpenAPI
// document, as a tool that lists before it creates and cleans up after itself would. Settings come
// from the environment (never the command line): GITEA_URL, GITEA_TOKEN, GITEA_ADMIN,
// GITEA_PASSWORD, GITEA_VERSION. The repository infra/pxci with .gitea/workflows/pipeline.yml on
// main is expected to exist. Prints one JSON object {checks: [{name, ok, detail}]}; exits 1 when
// a check fails.
import { giteaApi } from 'gitea-js';

const url = process.env.GITEA_URL;
const version = process.env.GITEA_VERSION;
const admin = process.env.GITEA_ADMIN;
const api = giteaApi(url, { token: process.env.GITEA_TOKEN });
const anonymous = giteaApi(url, {});
// a client without a token: with one, its Authorization header would replace the password's
const byPassword = giteaApi(url, {});
const basic = { headers: { Authorization: 'Basic ' + Buffer.from(`${admin}:${process.env.GITEA_PASSWORD}`).toString('base64') } };
const checks = [];

function check(name, ok, detail) {
  checks.push(ok ? { name, ok: true } : { name, ok: false, detail: JSON.stringify(detail) });
}

/** The status of a call, whether the client resolved or threw (it throws on non-2xx). */
async function status(call) {
  try {
    return (await call).status;
  } catch (e) {
    return e && e.status !== undefined ? e.status : String(e);
  }
}

async function raw(method, path, body) {
  try {
    return await api.request({ path, method, body, type: body ? 'application/json' : undefined, secure: true, format: 'json' });
  } catch (e) {
    return e;
  }
}

try {
  const v = await api.version.getVersion();
  check('version', v.data.version === version, v.data);

  // organisations: list before create, paged as Gitea pages
  const before = await api.orgs.orgGetAll();
  check('orgs listed before creating', Array.isArray(before.data), before.data);
  for (const name of ['alpha', 'beta', 'gamma']) {
    check(`org ${name} created`, await status(api.orgs.orgCreate({ username: name })) === 201, name);
  }
  check('private org created', await status(api.orgs.orgCreate({ username: 'hidden', visibility: 'private' })) === 201);
  check('existing org refused with 422', await status(api.orgs.orgCreate({ username: 'alpha' })) === 422);
  const total = before.data.length + 4;
  const page1 = await api.orgs.orgGetAll({ limit: 2, page: 1 });
  check('orgs page has limit items', page1.data.length === 2, page1.data.length);
  check('X-Total-Count counts all orgs', page1.headers.get('x-total-count') === String(total), page1.headers.get('x-total-count'));
  const link = page1.headers.get('link') || '';
  check('Link next is absolute', link.includes(`<${url}/api/v1/orgs?limit=2&page=2>; rel="next"`), link);
  check('Link last is absolute', link.includes(`rel="last"`) && link.startsWith(`<${url}/`), link);
  const page2 = await api.orgs.orgGetAll({ limit: 2, page: 2 });
  check('second page differs', page2.data[0].id !== page1.data[0].id, [page1.data, page2.data]);
  const anonymousOrgs = (await anonymous.orgs.orgGetAll()).data.map(o => o.username);
  check('anonymous readers see public orgs only', anonymousOrgs.includes('alpha') && !anonymousOrgs.includes('hidden'), anonymousOrgs);
  check('anonymous read of a private org is 404', await status(anonymous.orgs.orgGet('hidden')) === 404);
  const edited = await api.orgs.orgEdit('alpha', { description: 'edited', full_name: 'Alpha' });
  check('org edited', edited.data.description === 'edited' && edited.data.full_name === 'Alpha', edited.data);

  // repositories
  const created = await api.orgs.createOrgRepo('alpha', { name: 'app', private: true, description: 'd' });
  check('repo created', created.status === 201, created.status);
  check('repo url is its API URL', created.data.url === `${url}/api/v1/repos/alpha/app`, created.data.url);
  check('repo clone_url', created.data.clone_url === `${url}/alpha/app.git`, created.data.clone_url);
  check('repo permissions', created.data.permissions && created.data.permissions.admin === true, created.data.permissions);
  check('repo owner', created.data.owner && created.data.owner.login === 'alpha', created.data.owner);
  check('existing repo refused with 409', await status(api.orgs.createOrgRepo('alpha', { name: 'app' })) === 409);
  check('anonymous read of a private repo is 404', await status(anonymous.repos.repoGet('alpha', 'app')) === 404);
  const listed = await api.orgs.orgListRepos('alpha');
  check('org repos listed', listed.data.map(r => r.name).includes('app') && listed.headers.get('x-total-count') === '1', listed.data);
  const patched = await api.repos.repoEdit('alpha', 'app', { has_actions: true, description: 'new' });
  check('repo edited', patched.data.description === 'new' && patched.data.has_actions === true, patched.data);

  // Actions secrets: upsert, list without values, delete
  check('secret created 201', await status(api.repos.updateRepoSecret('alpha', 'app', 'DEPLOY_KEY', { data: 's1', description: 'the key' })) === 201);
  check('secret updated 204', await status(api.repos.updateRepoSecret('alpha', 'app', 'DEPLOY_KEY', { data: 's2' })) === 204);
  const secrets = await api.repos.repoListActionsSecrets('alpha', 'app');
  check('secret listed with description, without value', secrets.data.length === 1 && secrets.data[0].name === 'DEPLOY_KEY'
    && secrets.data[0].description === 'the key' && !('data' in secrets.data[0]), secrets.data);
  check('secret deleted', await status(api.repos.deleteRepoSecret('alpha', 'app', 'DEPLOY_KEY')) === 204);
  check('deleted secret gone', (await api.repos.repoListActionsSecrets('alpha', 'app')).data.length === 0);
  check('deleting it again is 404', await status(api.repos.deleteRepoSecret('alpha', 'app', 'DEPLOY_KEY')) === 404);
  check('org secret created', await status(api.orgs.updateOrgSecret('alpha', 'ORG_KEY', { data: 'o' })) === 201);
  check('org secret deleted', await status(api.orgs.deleteOrgSecret('alpha', 'ORG_KEY')) === 204);

  // Actions variables: create with description, update, list, delete
  const createdStatus = await status(api.repos.createRepoVariable('alpha', 'app', 'HOST', { value: 'h1', description: 'where' }));
  check('variable created', createdStatus === (version === '1.24.7' ? 204 : 201), createdStatus);
  const variable = await api.repos.getRepoVariable('alpha', 'app', 'HOST');
  check('variable keeps its description', variable.data.data === 'h1' && variable.data.description === 'where', variable.data);
  check('variable updated', await status(api.repos.updateRepoVariable('alpha', 'app', 'HOST', { value: 'h2', description: 'there' })) === 204);
  const variables = await api.repos.getRepoVariablesList('alpha', 'app');
  check('variables listed', variables.data.length === 1 && variables.data[0].data === 'h2' && variables.data[0].description === 'there'
    && variables.headers.get('x-total-count') === '1', variables.data);
  check('variable deleted', await status(api.repos.deleteRepoVariable('alpha', 'app', 'HOST')) === 204);
  check('deleted variable is 404', await status(api.repos.getRepoVariable('alpha', 'app', 'HOST')) === 404);
  check('org variable created', [201, 204].includes(await status(api.orgs.createOrgVariable('alpha', 'ORG_VAR', { value: 'x', description: 'd' }))));
  check('org variable deleted', await status(api.orgs.deleteOrgVariable('alpha', 'ORG_VAR')) === 204);

  // runner registration token: this client was generated from 1.23, which asks by GET (gone in 1.26)
  const byGet = await status(api.orgs.orgGetRunnerRegistrationToken('alpha'));
  check('runner token by GET as the release has it', byGet === (version === '1.24.7' ? 200 : 405), byGet);
  const byPost = await raw('POST', '/orgs/alpha/actions/runners/registration-token');
  check('runner token by POST', byPost.status === 200 && typeof byPost.data.token === 'string' && byPost.data.token.length > 0, byPost.status);

  // workflows (not in this 1.23-generated client: the client's own request helper)
  const workflows = await raw('GET', '/repos/infra/pxci/actions/workflows');
  check('workflows listed', workflows.status === 200 && workflows.data.total_count === 1
    && workflows.data.workflows[0].id === 'pipeline.yml' && workflows.data.workflows[0].state === 'active', workflows.data);
  const dispatched = await raw('POST', '/repos/infra/pxci/actions/workflows/pipeline.yml/dispatches', { ref: 'refs/heads/main' });
  check('workflow dispatched', dispatched.status === 204, dispatched.status);
  if (version === '1.26.1') {
    const runs = await raw('GET', '/repos/infra/pxci/actions/runs?event=workflow_dispatch');
    const run = runs.data.workflow_runs[0];
    check('run carries repository and actor', run.repository.full_name === 'infra/pxci' && run.actor.login === admin
      && run.repository_id === run.repository.id, run);
  }

  // access tokens: minted with the password, used, listed, deleted
  check('a token cannot mint tokens', await status(api.users.userCreateToken(admin, { name: 'x', scopes: ['read:user'] })) === 401);
  const minted = await byPassword.users.userCreateToken(admin, { name: 'gitea-js', scopes: ['read:user'] }, basic);
  check('token minted with the password', minted.status === 201 && minted.data.sha1.length === 40, minted.status);
  const withNew = giteaApi(url, { token: minted.data.sha1 });
  check('minted token works', (await withNew.user.userGetCurrent()).data.login === admin);
  const tokens = await byPassword.users.userGetTokens(admin, {}, basic);
  check('tokens listed without values', tokens.data.some(t => t.name === 'gitea-js' && !t.sha1), tokens.data);
  check('token deleted', await status(byPassword.users.userDeleteAccessToken(admin, 'gitea-js', basic)) === 204);
  check('deleted token refused', await status(withNew.user.userGetCurrent()) === 401);

  // clean up: a repository first, then the organisations
  check('org with a repo not deleted', await status(api.orgs.orgDelete('alpha')) === 409);
  check('repo deleted', await status(api.repos.repoDelete('alpha', 'app')) === 204);
  check('deleted repo is 404', await status(api.repos.repoGet('alpha', 'app')) === 404);
  for (const name of ['alpha', 'beta', 'gamma', 'hidden']) {
    check(`org ${name} deleted`, await status(api.orgs.orgDelete(name)) === 204);
  }
  const after = (await api.orgs.orgGetAll()).data.map(o => o.username);
  check('orgs as before', after.length === before.data.length, after);

} catch (e) {
  // a call the checks did not expect to fail: report it as a failed check, with its status
  check('no unexpected failure', false, e && e.status !== undefined ? { status: e.status, url: e.url, error: e.error } : String(e));
}

console.log(JSON.stringify({ checks }));
process.exit(checks.every(c => c.ok) ? 0 : 1);
