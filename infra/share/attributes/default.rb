# Samba on Debian 12: the package providing the server is `samba`, the client tools are in
# `smbclient` (there is no `samba-client` on Debian), and the server unit is `smbd`.
default['share']['packages'] = %w(samba smbclient)
default['share']['service'] = 'smbd'
default['share']['workgroup'] = 'WORKGROUP'

# Mounts in config.env form (`MOUNT=share:32,data:8`): the entry named `share` is served from
# the root, every other entry from root/<name>, as the platform mounts the volumes there.
default['share']['root'] = '/share'
default['share']['mount'] = ''

# Further shares, or settings for the ones above:
#   share.mounts.<name>.path       directory (default: from the mount rule above)
#   share.mounts.<name>.comment    shown to clients
#   share.mounts.<name>.read_only  'true' or 'false' (default 'false')
#   share.mounts.<name>.users      comma list of share users (default: every declared user)
default['share']['mounts'] = {}

# Share users: share.users.<name>.password, given as a secret attribute. Each becomes a Unix
# account without login (when it does not exist yet) and a Samba user with that password.
default['share']['users'] = {}

# Owner and group of the share directories; share users join the group.
default['share']['owner'] = 'root'
default['share']['group'] = 'share'
