#
# Cookbook:: config
# Recipe:: admin
#
# The admin account, a scoped API token for the recipes (kept root-only on disk), the
# organisation and the CI public key. The admin password is never on a command line: the account
# is created with a random password that is then replaced over the API.

gitea = node['config']['gitea']
admin = node['config']['admin']
org = node['config']['org']
password = admin['password'].to_s
raise 'config.admin.password is not set: give it as a secret attribute' if password.empty?

home = gitea['home']
app_ini = ::File.join(gitea['config_dir'], 'app.ini')
run_as = gitea['user']
cli_env = { 'HOME' => home, 'USER' => run_as, 'GITEA_WORK_DIR' => home }
base_url = "http://127.0.0.1:#{gitea['http_port']}"
token_file = ::File.join(gitea['config_dir'], 'pxci-api.token')
read_token = -> { ::File.exist?(token_file) ? ::File.read(token_file).strip : '' }
# The token is read when a call is made: it may be created during this run.
api = PxciConfig::GiteaApi.new(base_url, read_token)

execute "gitea admin #{admin['user']}" do
  command ['/usr/local/bin/gitea', '--config', app_ini, 'admin', 'user', 'create', '--admin',
           '--username', admin['user'], '--email', admin['email'], '--random-password',
           '--must-change-password=false']
  user run_as
  environment cli_env
  cwd home
  sensitive true
  not_if do
    out = shell_out('/usr/local/bin/gitea', '--config', app_ini, 'admin', 'user', 'list', '--admin',
                    user: run_as, environment: cli_env, cwd: home)
    out.stdout.split("\n").drop(1).any? { |line| line.split[1] == admin['user'] }
  end
end

ruby_block 'gitea API token for pxci' do
  block do
    name = "pxci-#{Time.now.utc.strftime('%Y%m%d%H%M%S')}"
    out = shell_out('/usr/local/bin/gitea', '--config', app_ini, 'admin', 'user', 'generate-access-token',
                    '--username', admin['user'], '--token-name', name, '--raw',
                    '--scopes', 'write:admin,write:organization,write:repository,write:user',
                    user: run_as, environment: cli_env, cwd: home)
    raise "gitea could not create an access token: #{out.stderr.strip}" if out.error? || out.stdout.strip.empty?

    ::File.open(token_file, ::File::WRONLY | ::File::CREAT | ::File::TRUNC, 0o600) { |f| f.write(out.stdout.strip) }
  end
  not_if { PxciConfig::GiteaApi.token_valid?(base_url, read_token.call) }
end

ruby_block "gitea admin #{admin['user']} password" do
  block do
    api.call!(:patch, "/admin/users/#{admin['user']}",
              { login_name: admin['user'], source_id: 0, password: password, must_change_password: false },
              [200], "set the password of #{admin['user']}")
  end
  not_if { api.password_current?(admin['user'], password) }
end

ruby_block "gitea organisation #{org}" do
  block do
    api.call!(:post, '/orgs', { username: org, visibility: 'private' }, [201], "create organisation #{org}")
  end
  not_if { api.status(:get, "/orgs/#{org}") == 200 }
end

ci_key = node['config']['ci_public_key'].to_s.strip
ruby_block 'gitea CI public key' do
  block do
    api.call!(:post, "/admin/users/#{admin['user']}/keys", { title: 'pxci-ci', key: ci_key, read_only: false },
              [201], 'add the CI public key')
  end
  not_if { ci_key.empty? || api.user_has_key?(admin['user'], ci_key) }
end
