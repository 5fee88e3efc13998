# Edits an INI file (Gitea's app.ini) key by key: managed keys are set, keys to generate once are
# added only when missing, and every other line - including what Gitea writes back itself - is
# kept as it is. Values are compared after parsing, so a reformatted file is not rewritten.
module PxciConfig
  module Ini
    TOP = 'DEFAULT'.freeze

    # `managed` and `once`: { section => { key => value } }; `once` values may be lambdas,
    # called only when the key is missing.
    def self.merge(text, managed, once = {})
      sections = parse(text)
      managed.each { |section, keys| keys.each { |key, value| set(sections, section, key, value.to_s, true) } }
      once.each do |section, keys|
        keys.each do |key, value|
          next if find(sections, section, key)

          set(sections, section, key, (value.respond_to?(:call) ? value.call : value).to_s, false)
        end
      end
      render(sections)
    end

    # The value of `key` in `section`, or nil.
    def self.value(text, section, key)
      found = find(parse(text), section, key)
      found && unquote(found[1])
    end

    def self.parse(text)
      sections = [[TOP, []]]
      text.to_s.each_line do |raw|
        line = raw.chomp
        if (m = line.match(/\A\s*\[([^\]]+)\]\s*\z/))
          sections << [m[1].strip, []]
        else
          sections.last[1] << line
        end
      end
      sections
    end

    def self.find(sections, section, key)
      entry = sections.find { |name, _| name == section }
      return nil unless entry

      entry[1].each_with_index do |line, index|
        m = line.match(/\A\s*([^#;=\s][^=]*?)\s*=\s*(.*)\z/)
        return [index, m[2], entry] if m && m[1].casecmp?(key)
      end
      nil
    end

    def self.set(sections, section, key, value, replace)
      found = find(sections, section, key)
      if found
        index, current, entry = found
        entry[1][index] = "#{key} = #{value}" if replace && unquote(current) != value
        return
      end
      entry = sections.find { |name, _| name == section }
      unless entry
        entry = [section, []]
        sections << entry
      end
      lines = entry[1]
      insert_at = lines.length
      insert_at -= 1 while insert_at.positive? && lines[insert_at - 1].strip.empty?
      lines.insert(insert_at, "#{key} = #{value}")
    end

    def self.unquote(value)
      v = value.to_s.strip
      v = v[1..-2] if v.length >= 2 && ['"', '`'].include?(v[0]) && v[-1] == v[0]
      v
    end

    def self.render(sections)
      out = []
      sections.each do |name, lines|
        next if name == TOP && lines.all? { |l| l.strip.empty? }

        unless name == TOP
          out << '' unless out.empty? || out.last.strip.empty?
          out << "[#{name}]"
        end
        out.concat(lines)
      end
      out.pop while out.any? && out.last.strip.empty?
      out.join("\n") + "\n"
    end
  end
end
