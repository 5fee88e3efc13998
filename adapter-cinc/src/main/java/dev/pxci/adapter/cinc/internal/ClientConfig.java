package dev.pxci.adapter.cinc.internal;

/**
 * The {@code client.rb} of one run. Every path the client writes to (the repository with the node
 * file that local mode saves with all attributes, the file cache, backups, the client key) lies in
 * the run directory, so removing that directory removes every copy of the attributes. A report
 * handler writes the resource counts, and no attribute, to {@link #REPORT_FILE}.
 */
public final class ClientConfig {
    /** The report file, relative to the run directory. */
    public static final String REPORT_FILE = "report.json";
    /** The client configuration, relative to the run directory. */
    public static final String CONFIG_FILE = "client.rb";
    /** The node attributes, relative to the run directory. */
    public static final String ATTRIBUTES_FILE = "dna.json";
    /** The cookbooks, relative to the run directory. */
    public static final String COOKBOOKS_DIR = "cookbooks";

    private ClientConfig() {
    }

    /** The file's content for a run in {@code runDirectory}. */
    public static String render(String runDirectory) {
        return """
                # client.rb written by pxci for one run; removed with its directory after the run.
                run_dir = %s
                report_path = File.join(run_dir, %s)

                local_mode true
                chef_repo_path run_dir
                cookbook_path [File.join(run_dir, %s)]
                node_path File.join(run_dir, "nodes")
                file_cache_path File.join(run_dir, "cache")
                file_backup_path File.join(run_dir, "backup")
                client_key File.join(run_dir, "client.pem")
                log_location STDOUT
                exit_status :enabled
                client_fork false

                require "chef/handler"
                require "json"

                # Writes what pxci reads back: counts and resource names, never node attributes.
                pxci_report = Class.new(Chef::Handler) do
                  def initialize(path)
                    super()
                    @path = path
                  end

                  def report
                    all = all_resources || []
                    updated = updated_resources || []
                    data = {
                      "success" => run_status.success?,
                      "total" => all.length,
                      "updated" => updated.length,
                      "updated_resources" => updated.map(&:to_s),
                    }
                    File.open(@path, File::WRONLY | File::CREAT | File::TRUNC, 0o600) { |f| f.write(JSON.generate(data)) }
                    owner = File.stat(File.dirname(@path))
                    File.chown(owner.uid, owner.gid, @path)
                  end
                end.new(report_path)
                report_handlers << pxci_report
                exception_handlers << pxci_report
                """.formatted(rubyString(runDirectory), rubyString(REPORT_FILE), rubyString(COOKBOOKS_DIR));
    }

    private static String rubyString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
