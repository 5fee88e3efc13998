#
# Cookbook:: config
# Recipe:: actions
#
# Organisation Actions secrets and variables. Secrets are stored as secrets (the API's `data`
# field), never as variables, and sent again exactly when their value changed; variables are
# created or updated to the declared value.

gitea = node['config']['gitea']
org = node['config']['org']
base_url = "http://127.0.0.1:#{gitea['http_port']}"
token_file = ::File.join(gitea['config_dir'], 'pxci-api.token')
api = PxciConfig::GiteaApi.new(base_url, -> { ::File.read(token_file).strip })
digests = PxciConfig::SecretDigests.new(::File.join(gitea['config_dir'], 'pxci-secret-digests.json'))
name_rule = /\A[A-Z_][A-Z0-9_]*\z/

node['config']['secrets'].each do |name, value|
  raise "Actions secret name '#{name}' must be upper-case letters, digits and '_'" unless name_rule.match?(name)
  raise "Actions secret name '#{name}' may not start with GITEA_ or GITHUB_" if name.start_with?('GITEA_', 'GITHUB_')

  ruby_block "gitea Actions secret #{name}" do
    block do
      api.call!(:put, "/orgs/#{org}/actions/secrets/#{name}", { data: value.to_s }, [201, 204],
                "store Actions secret #{name} of #{org}")
      digests.record(name, value.to_s)
    end
    not_if { digests.current?(name, value.to_s) && api.secret_names(org).include?(name) }
  end
end

node['config']['variables'].each do |name, value|
  raise "Actions variable name '#{name}' must be upper-case letters, digits and '_'" unless name_rule.match?(name)
  if node['config']['secrets'].key?(name)
    raise "'#{name}' is declared as both a secret and a variable; secrets are never stored as variables"
  end

  ruby_block "gitea Actions variable #{name}" do
    block { api.put_variable(org, name, value.to_s) }
    not_if { api.variable(org, name) == value.to_s }
  end
end
