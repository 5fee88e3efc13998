require 'json'
require 'net/http'
require 'openssl'
require 'securerandom'
require 'uri'

module PxciConfig
  # A small client for the Gitea REST API, authenticated with a scoped access token (never the
  # admin password, which is only used to check that it is current). Error messages carry the
  # status and Gitea's message, never a request body. Connection failures are retried for a
  # while, so calls made right after a (re)start wait for Gitea to answer.
  class GiteaApi
    class Error < StandardError; end

    # `token`: the token, or a proc giving it when a call is made.
    def initialize(base_url, token, wait_seconds: 120)
      @base = base_url.chomp('/')
      @token = token
      @wait_seconds = wait_seconds
    end

    # Whether `token` authenticates.
    def self.token_valid?(base_url, token)
      return false if token.to_s.empty?

      new(base_url, token).status(:get, '/user') == 200
    end

    def status(method, path, body = nil)
      call(method, path, body).first
    end

    # Calls and fails unless the status is one of `allowed`; returns the parsed answer.
    def call!(method, path, body, allowed, what)
      code, answer = call(method, path, body)
      return answer if allowed.include?(code)

      message = answer.is_a?(Hash) ? answer['message'] : nil
      raise Error, "Gitea refused to #{what}: HTTP #{code}#{message ? " (#{message})" : ''}"
    end

    # Whether `user` can log in with `password` (Basic auth, only to check the password is current).
    def password_current?(user, password)
      call(:get, '/user', nil, basic: [user, password]).first == 200
    end

    def user_has_key?(user, key)
      wanted = key.split[0, 2]
      keys = call!(:get, "/users/#{user}/keys?limit=50", nil, [200], "list the keys of #{user}")
      keys.any? { |k| k['key'].to_s.split[0, 2] == wanted }
    end

    def secret_names(org)
      list = call!(:get, "/orgs/#{org}/actions/secrets?limit=50", nil, [200], "list the Actions secrets of #{org}")
      list.map { |s| s['name'].to_s.upcase }
    end

    # The variable's value, or nil when it does not exist.
    def variable(org, name)
      code, answer = call(:get, "/orgs/#{org}/actions/variables/#{name}")
      return nil if code == 404
      raise Error, "Gitea refused to read variable #{name} of #{org}: HTTP #{code}" unless code == 200

      answer['data']
    end

    # Creates the variable, or replaces its value when it exists.
    def put_variable(org, name, value)
      if variable(org, name).nil?
        call!(:post, "/orgs/#{org}/actions/variables/#{name}", { value: value }, [201, 204], "create variable #{name}")
      else
        call!(:put, "/orgs/#{org}/actions/variables/#{name}", { value: value }, [201, 204], "update variable #{name}")
      end
    end

    def runner_registration_token(org)
      code, answer = call(:post, "/orgs/#{org}/actions/runners/registration-token")
      code, answer = call(:get, "/orgs/#{org}/actions/runners/registration-token") if [404, 405].include?(code)
      raise Error, "Gitea refused a runner registration token for #{org}: HTTP #{code}" unless code == 200

      answer['token']
    end

    def call(method, path, body = nil, basic: nil)
      uri = URI("#{@base}/api/v1#{path}")
      request = Net::HTTP.const_get(method.to_s.capitalize).new(uri)
      if basic
        request.basic_auth(*basic)
      else
        request['Authorization'] = "token #{@token.respond_to?(:call) ? @token.call : @token}"
      end
      request['Accept'] = 'application/json'
      if body
        request['Content-Type'] = 'application/json'
        request.body = JSON.generate(body)
      end
      response = with_retry do
        Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https', open_timeout: 10, read_timeout: 60) do |http|
          http.request(request)
        end
      end
      text = response.body.to_s
      [response.code.to_i, text.empty? ? nil : parse(text)]
    end

    private

    def parse(text)
      JSON.parse(text)
    rescue JSON::ParserError
      nil
    end

    def with_retry
      deadline = Time.now + @wait_seconds
      begin
        yield
      rescue Errno::ECONNREFUSED, Errno::ECONNRESET, Net::OpenTimeout, EOFError => e
        raise Error, "Gitea at #{@base} did not answer within #{@wait_seconds} s: #{e.class}" if Time.now > deadline

        sleep 1
        retry
      end
    end
  end

  # Remembers salted digests of the Actions secrets last stored, in a root-only file, so that a
  # secret is sent again exactly when its value changed (Gitea cannot give values back).
  class SecretDigests
    def initialize(path)
      @path = path
    end

    def current?(name, value)
      stored = load[name]
      !stored.nil? && stored == digest(name, value)
    end

    def record(name, value)
      data = load
      data[name] = digest(name, value)
      ::File.open(@path, ::File::WRONLY | ::File::CREAT | ::File::TRUNC, 0o600) { |f| f.write(JSON.generate(data)) }
    end

    private

    def load
      @data ||= ::File.exist?(@path) ? JSON.parse(::File.read(@path)) : { 'salt' => SecureRandom.hex(16) }
    end

    def digest(name, value)
      OpenSSL::HMAC.hexdigest('SHA256', load['salt'], "#{name}\0#{value}")
    end
  end
end
