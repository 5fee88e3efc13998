require 'mixlib/shellout'

# The shares and users the `share` recipe manages, computed from the node attributes, and the
# check whether a Samba user's password is the wanted one.
module PxciShare
  NAME = /\A[A-Za-z0-9][A-Za-z0-9_-]*\z/.freeze
  USER = /\A[a-z_][a-z0-9_-]*\z/.freeze

  # name => { 'path', 'comment', 'read_only', 'users' }
  def self.shares(attrs)
    users = self.users(attrs).keys
    shares = {}
    attrs['mount'].to_s.split(',').map(&:strip).reject(&:empty?).each do |entry|
      name = entry.split(':', 2).first.strip
      shares[name] = { 'path' => name == 'share' ? attrs['root'] : ::File.join(attrs['root'], name) }
    end
    (attrs['mounts'] || {}).each do |name, settings|
      shares[name] = (shares[name] || {}).merge(settings.to_h)
    end
    shares.each do |name, share|
      raise ArgumentError, "share name '#{name}' must be letters, digits, '_' and '-'" unless NAME.match?(name)

      share['path'] ||= ::File.join(attrs['root'], name)
      share['comment'] ||= "pxci share #{name}"
      share['read_only'] = %w(true yes 1).include?(share['read_only'].to_s.downcase)
      share['users'] = share['users'] ? share['users'].to_s.split(',').map(&:strip).reject(&:empty?) : users
      unknown = share['users'] - users
      raise ArgumentError, "share '#{name}' names users #{unknown.join(', ')} that are not declared in share.users" unless unknown.empty?
      raise ArgumentError, "share '#{name}' has no user; declare share.users.<name>.password" if share['users'].empty?
    end
    shares
  end

  # name => password
  def self.users(attrs)
    (attrs['users'] || {}).each_with_object({}) do |(name, settings), out|
      raise ArgumentError, "share user '#{name}' is not a valid user name" unless USER.match?(name)

      password = settings.to_h['password'].to_s
      raise ArgumentError, "share user '#{name}' has no password (share.users.#{name}.password)" if password.empty?

      out[name] = password
    end
  end

  # Whether Samba knows `name` and accepts `password` for it. smbclient reads the password from
  # the PASSWD environment variable, so it never appears on a command line.
  def self.password_current?(name, password)
    known = Mixlib::ShellOut.new('pdbedit', '-L', '-u', name).run_command
    return false if known.error?

    login = Mixlib::ShellOut.new('smbclient', '-L', '//127.0.0.1', '-U', name, '-m', 'SMB3',
                                 environment: { 'PASSWD' => password }).run_command
    !login.error?
  end
end
