#
# Cookbook:: config
# Recipe:: runner
#
# The Actions runner (act_runner) at a pinned version, checksum-verified, as its own non-root
# user. It is registered once, guarded by its .runner file, with a registration token scoped to
# the organisation and handed over on standard input; labels live in the runner section of its
# configuration, which the runner declares on every start.

gitea = node['config']['gitea']
runner = node['config']['runner']
org = node['config']['org']
version = runner['version']
raise "config.runner.sha256 is not set: give the SHA-256 of act_runner #{version}'s binary" if runner['sha256'].to_s.empty?

home = runner['home']
run_as = runner['user']
binary = "/usr/local/bin/act_runner-#{version}"
config_file = '/etc/act_runner/config.yaml'
labels = runner['labels'].to_s.split(',').map(&:strip).reject(&:empty?)
raise 'config.runner.labels is empty: the runner would take no job' if labels.empty?

base_url = "http://127.0.0.1:#{gitea['http_port']}"
token_file = ::File.join(gitea['config_dir'], 'pxci-api.token')
api = PxciConfig::GiteaApi.new(base_url, -> { ::File.read(token_file).strip })

group run_as do
  system true
end

user run_as do
  system true
  gid run_as
  home home
  manage_home true
  shell '/bin/bash'
  comment 'Gitea Actions runner'
end

%w(cache work).each do |sub|
  directory ::File.join(home, sub) do
    owner run_as
    group run_as
    mode '0750'
  end
end

remote_file binary do
  source format(runner['url'], version: version)
  checksum runner['sha256']
  owner 'root'
  group 'root'
  mode '0755'
end

link '/usr/local/bin/act_runner' do
  to binary
  notifies :run, 'execute[restart act_runner if running]', :immediately
end

directory '/etc/act_runner' do
  owner 'root'
  group run_as
  mode '0750'
end

template config_file do
  source 'act_runner.yaml.erb'
  owner 'root'
  group run_as
  mode '0640'
  variables(home: home, capacity: runner['capacity'], labels: labels)
  notifies :run, 'execute[restart act_runner if running]', :immediately
end

# Interactive registration reads the instance, the token, the name and the labels from standard
# input, which keeps the token off the command line.
execute 'register act_runner' do
  command ['/usr/local/bin/act_runner', 'register', '--config', config_file]
  input(lazy { "#{base_url}\n#{api.runner_registration_token(org)}\n#{runner['name']}\n#{labels.join(',')}\n" })
  user run_as
  group run_as
  environment('HOME' => home)
  cwd home
  sensitive true
  creates ::File.join(home, '.runner')
end

systemd_unit 'act_runner.service' do
  content(
    'Unit' => { 'Description' => 'Gitea Actions runner', 'After' => 'network-online.target gitea.service',
                'Wants' => 'gitea.service' },
    'Service' => {
      'Type' => 'simple',
      'User' => run_as,
      'Group' => run_as,
      'WorkingDirectory' => home,
      'Environment' => "HOME=#{home}",
      'ExecStart' => "/usr/local/bin/act_runner daemon --config #{config_file}",
      'Restart' => 'always',
      'RestartSec' => '5s',
    },
    'Install' => { 'WantedBy' => 'multi-user.target' }
  )
  action [:create, :enable]
  notifies :run, 'execute[restart act_runner if running]', :immediately
end

service 'act_runner' do
  action [:enable, :start]
end

execute 'restart act_runner if running' do
  command %w(systemctl try-restart act_runner.service)
  action :nothing
  only_if 'systemctl is-active --quiet act_runner.service'
end
