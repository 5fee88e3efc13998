#
# Cookbook:: config
# Recipe:: gitea
#
# Gitea at a pinned version, checksum-verified, as a systemd service under its own user. Only the
# app.ini keys set here are managed; what Gitea writes back is kept. SECRET_KEY, INTERNAL_TOKEN
# and the JWT secrets are generated once, by Gitea itself.

gitea = node['config']['gitea']
version = gitea['version']
raise "config.gitea.sha256 is not set: give the SHA-256 of Gitea #{version}'s binary" if gitea['sha256'].to_s.empty?

home = gitea['home']
conf_dir = gitea['config_dir']
app_ini = ::File.join(conf_dir, 'app.ini')
binary = "/usr/local/bin/gitea-#{version}"
run_as = gitea['user']
cli_env = { 'HOME' => home, 'USER' => run_as, 'GITEA_WORK_DIR' => home }

group run_as do
  system true
end

user run_as do
  system true
  gid run_as
  home home
  manage_home true
  shell '/bin/bash'
  comment 'Gitea'
end

%w(custom data log).each do |sub|
  directory ::File.join(home, sub) do
    owner run_as
    group run_as
    mode '0750'
    recursive true
  end
end

directory conf_dir do
  owner 'root'
  group run_as
  mode '0770'
end

remote_file binary do
  source format(gitea['url'], version: version)
  checksum gitea['sha256']
  owner 'root'
  group 'root'
  mode '0755'
end

link '/usr/local/bin/gitea' do
  to binary
  notifies :run, 'execute[restart gitea if running]', :immediately
end

generate = lambda do |kind|
  lambda do
    out = shell_out!(binary, 'generate', 'secret', kind, user: run_as, environment: cli_env, cwd: home)
    out.stdout.strip
  end
end

managed = {
  'DEFAULT' => { 'APP_NAME' => 'pxci', 'RUN_USER' => run_as, 'RUN_MODE' => 'prod', 'WORK_PATH' => home },
  'database' => { 'DB_TYPE' => 'sqlite3', 'PATH' => ::File.join(home, 'data', 'gitea.db') },
  'server' => {
    'DOMAIN' => gitea['domain'],
    'HTTP_PORT' => gitea['http_port'],
    'ROOT_URL' => "http://#{gitea['domain']}:#{gitea['http_port']}/",
    'START_SSH_SERVER' => 'true',
    'SSH_DOMAIN' => gitea['domain'],
    'SSH_PORT' => gitea['ssh_port'],
    'SSH_LISTEN_PORT' => gitea['ssh_port'],
    'LFS_START_SERVER' => 'false',
    'OFFLINE_MODE' => 'true',
  },
  'repository' => { 'ROOT' => ::File.join(home, 'data', 'gitea-repositories'), 'DEFAULT_PRIVATE' => 'private',
                    'DEFAULT_BRANCH' => 'main' },
  'security' => { 'INSTALL_LOCK' => 'true' },
  'service' => { 'DISABLE_REGISTRATION' => 'true', 'REQUIRE_SIGNIN_VIEW' => 'true',
                 'DEFAULT_ALLOW_CREATE_ORGANIZATION' => 'false' },
  'actions' => { 'ENABLED' => 'true' },
  'log' => { 'MODE' => 'console', 'LEVEL' => 'Info', 'ROOT_PATH' => ::File.join(home, 'log') },
}
gitea['app_ini'].each do |section, keys|
  managed[section] = (managed[section] || {}).merge(keys.to_h)
end
once = {
  'security' => { 'SECRET_KEY' => generate.call('SECRET_KEY'), 'INTERNAL_TOKEN' => generate.call('INTERNAL_TOKEN') },
  'oauth2' => { 'JWT_SECRET' => generate.call('JWT_SECRET') },
}

file app_ini do
  content(lazy { PxciConfig::Ini.merge(::File.exist?(app_ini) ? ::File.read(app_ini) : '', managed, once) })
  owner run_as
  group run_as
  mode '0600'
  backup false
  sensitive true
  notifies :run, 'execute[restart gitea if running]', :immediately
end

execute 'gitea database' do
  command ['/usr/local/bin/gitea', '--config', app_ini, 'migrate']
  user run_as
  environment cli_env
  cwd home
  creates ::File.join(home, 'data', 'gitea.db')
end

systemd_unit 'gitea.service' do
  content(
    'Unit' => { 'Description' => 'Gitea', 'After' => 'network-online.target', 'Wants' => 'network-online.target' },
    'Service' => {
      'Type' => 'simple',
      'User' => run_as,
      'Group' => run_as,
      'WorkingDirectory' => home,
      'ExecStart' => "/usr/local/bin/gitea web --config #{app_ini}",
      'Environment' => cli_env.map { |k, v| "#{k}=#{v}" },
      'Restart' => 'always',
      'RestartSec' => '2s',
    },
    'Install' => { 'WantedBy' => 'multi-user.target' }
  )
  action [:create, :enable]
  notifies :run, 'execute[restart gitea if running]', :immediately
end

service 'gitea' do
  action [:enable, :start]
end

# A change restarts Gitea at once (when it runs), so the API calls that follow see it; on a
# fresh install the service start above comes first. Calls wait for Gitea to answer again.
execute 'restart gitea if running' do
  command %w(systemctl try-restart gitea.service)
  action :nothing
  only_if 'systemctl is-active --quiet gitea.service'
end
