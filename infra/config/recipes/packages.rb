#
# Cookbook:: config
# Recipe:: packages
#
apt_update 'daily' do
  frequency 86_400
  action :periodic
end

package node['config']['packages']

# The pxci the runner's jobs run, when one is given (else they build it once per commit)
link '/usr/local/bin/pxci' do
  to node['config']['pxci']['file']
  not_if { node['config']['pxci']['file'].to_s.empty? }
end
