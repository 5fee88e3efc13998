package dev.pxci.sandbox.pve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.pxci.sandbox.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The simulated cluster kept as one JSON file in the state directory. Written on mutation only,
 * atomically (temporary file and rename), newest version wins; reads never touch it.
 */
final class StateStore {

    static final String FILE_NAME = "pve-cluster.json";
    static final int FORMAT = 1;

    /** Everything that survives a restart; {@code downloadedTemplates} is absent from files of earlier versions. */
    record StateFile(
            int format,
            String tokenSecret,
            String rootPassword,
            String signingKey,
            int nextPid,
            List<String> nodes,
            List<ContainerState> containers,
            List<TaskState> tasks,
            Map<String, List<Inventory.Template>> downloadedTemplates) {
    }

    record ContainerState(int vmid, String node, Map<String, String> config, boolean running, long startedAt,
            String lastSnapshot, List<Container.Snapshot> snapshots) {
    }

    record TaskState(String upid, String node, int pid, long pstart, long startTime, String type, String id,
            String user, List<String> log, long endTime, boolean finished) {
    }

    private final Path file;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private long writtenVersion = -1;

    StateStore(Path directory, ObjectMapper mapper) {
        this.file = directory.resolve(FILE_NAME);
        this.writer = mapper.writerFor(StateFile.class).withDefaultPrettyPrinter();
        this.reader = mapper.readerFor(StateFile.class);
    }

    Path file() {
        return file;
    }

    StateFile load() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            StateFile state = reader.readValue(file.toFile());
            if (state.format() != FORMAT) {
                throw new IllegalStateException("the sandbox state " + file + " has format " + state.format()
                        + ", this version reads format " + FORMAT + "; reset the sandbox to start over");
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox state " + file
                    + " (reset the sandbox to start over)", e);
        }
    }

    /** Writes the state unless a newer version has been written already. */
    synchronized void save(long version, StateFile state) {
        if (version <= writtenVersion) {
            return;
        }
        try {
            AtomicFiles.write(file, writer.writeValueAsBytes(state));
            writtenVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox state " + file, e);
        }
    }
}
