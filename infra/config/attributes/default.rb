# pxci workflows run pxci itself inside the container, so the runner host needs Java.
default['config']['packages'] = %w(openjdk-17-jdk-headless maven git ca-certificates) # the workflows build and run pxci
default['config']['pxci']['file'] = '' # a pxci launcher in the container, linked as /usr/local/bin/pxci; empty: the jobs build it

# Gitea, pinned. The SHA-256 of the binary for this version has no default on purpose: set
# config.gitea.sha256 (the value Gitea publishes next to the binary); the run fails without it.
default['config']['gitea']['version'] = '1.26.1' # replicate follows runs through the Actions runs API, which came with 1.25
default['config']['gitea']['sha256'] = nil
default['config']['gitea']['url'] = 'https://dl.gitea.com/gitea/%{version}/gitea-%{version}-linux-amd64'
default['config']['gitea']['user'] = 'git'
default['config']['gitea']['home'] = '/var/lib/gitea'
default['config']['gitea']['config_dir'] = '/etc/gitea'
default['config']['gitea']['domain'] = node['ipaddress'] || 'localhost'
default['config']['gitea']['http_port'] = '3000'
default['config']['gitea']['ssh_port'] = '2222'
# Further app.ini settings: config.gitea.app_ini.<section>.<KEY> (section DEFAULT = top of file).
# Only these keys and the recipe's own are managed; everything else in app.ini is left alone.
default['config']['gitea']['app_ini'] = {}

# The admin account pxci works with; config.admin.password is a secret attribute and required.
default['config']['admin']['user'] = 'pxci'
default['config']['admin']['email'] = 'pxci@localhost'

# The organisation holding the project, and the CI public key put on the admin account.
default['config']['org'] = 'srv'
default['config']['ci_public_key'] = ''

# Actions runner (act_runner), pinned; config.runner.sha256 is required like Gitea's.
default['config']['runner']['version'] = '0.2.11'
default['config']['runner']['sha256'] = nil
default['config']['runner']['url'] = 'https://dl.gitea.com/act_runner/%{version}/act_runner-%{version}-linux-amd64'
default['config']['runner']['user'] = 'runner'
default['config']['runner']['home'] = '/var/lib/act_runner'
default['config']['runner']['name'] = node['hostname'] || 'pxci'
# The one source of the runner's labels (the playbook reads the same file); every job's runs-on in
# infra/.gitea/workflows must name one of them.
default['config']['runner']['labels'] = ::File.read(::File.expand_path('../files/runner-labels', __dir__)).strip
default['config']['runner']['capacity'] = '1'

# Organisation Actions secrets (config.secrets.NAME, given as secret attributes) and variables
# (config.variables.NAME, plain values only).
default['config']['secrets'] = {}
default['config']['variables'] = {}
