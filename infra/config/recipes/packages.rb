#
# Cookbook:: config
# Recipe:: packages
#
apt_update 'daily' do
  frequency 86_400
  action :periodic
end

package node['config']['packages']
