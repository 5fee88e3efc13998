#
# Cookbook:: share
# Recipe:: default
#
# Samba serving one share per declared mount to the declared users. Passwords come from secret
# attributes and never reach the log or a command line.

settings = node['share']
users = PxciShare.users(settings)
shares = PxciShare.shares(settings)

package settings['packages']

users.each_key do |name|
  # A Samba user needs a Unix account; an existing one (such as a login user) is left as it is.
  user name do
    system true
    shell '/usr/sbin/nologin'
    manage_home false
    not_if "getent passwd #{name}"
  end
end

group settings['group'] do
  system true
  members users.keys
  append true
end

shares.sort.each do |_name, share|
  directory share['path'] do
    owner settings['owner']
    group settings['group']
    mode '2775'
    recursive true
  end
end

template '/etc/samba/smb.conf' do
  source 'smb.conf.erb'
  owner 'root'
  group 'root'
  mode '0644'
  variables(workgroup: settings['workgroup'], group: settings['group'], shares: shares)
  verify 'testparm -s %{path}'
  notifies :restart, "service[#{settings['service']}]", :immediately
end

service settings['service'] do
  action [:enable, :start]
end

users.each do |name, password|
  # Adds the user, or sets the new password when it changed; skipped when Samba already
  # accepts the wanted password. The password goes in on standard input.
  execute "samba password for #{name}" do
    command ['smbpasswd', '-s', '-a', name]
    input "#{password}\n#{password}\n"
    sensitive true
    not_if { PxciShare.password_current?(name, password) }
  end
end
