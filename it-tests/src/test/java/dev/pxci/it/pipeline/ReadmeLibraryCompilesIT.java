package dev.pxci.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "As a library" section as a separate project would use it: the Java block compiled
 * on its own against the jars the Maven block names (domain and the ports it brings, as the reactor
 * built them) and nothing else, and those coordinates the project's own.
 */
class ReadmeLibraryCompilesIT {
    private static final Pattern FENCE = Pattern.compile("(?s)```(\\w+)\\n(.*?)```");

    @TempDir
    Path dir;

    @Test
    void theJavaBlockCompilesAgainstTheLibraryJarsAlone() throws Exception {
        String java = block("java");
        Matcher type = Pattern.compile("public (?:final )?class (\\w+)").matcher(java);
        assertThat(type.find()).as("the README's Java block declares a public class").isTrue();
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve(type.group(1) + ".java"), java);
        String classPath = System.getProperty("pxci.library-classpath", "");
        for (String jar : classPath.split(File.pathSeparator)) {
            assertThat(Path.of(jar)).as("a jar of the library, from the reactor (-Dpxci.library-classpath)").isRegularFile();
        }

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> options = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-proc:none",
                "-classpath", classPath, "-d", dir.resolve("classes").toString()));
        boolean compiled = javac.getTask(diagnostics, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();

        assertThat(compiled).as(diagnostics.toString()).isTrue();
        assertThat(dir.resolve("classes").resolve(type.group(1) + ".class")).isRegularFile();
    }

    @Test
    void theMavenBlockNamesTheProjectsCoordinates() throws Exception {
        String xml = block("xml");
        String version = System.getProperty("pxci.version");
        assertThat(version).as("-Dpxci.version").isNotBlank();

        assertThat(xml).contains("<groupId>dev.pxci</groupId>", "<artifactId>domain</artifactId>",
                "<artifactId>adapter-proxmox</artifactId>", "<scope>runtime</scope>");
        assertThat(Pattern.compile("<version>([^<]+)</version>").matcher(xml).results().map(r -> r.group(1)))
                .isNotEmpty().allMatch(version::equals);
        assertThat(Files.readString(Path.of("..", "domain", "pom.xml"))).contains("<artifactId>domain</artifactId>");
    }

    /** The one fenced block of {@code language} in the README's "As a library" section. */
    private static String block(String language) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## As a library\n");
        assertThat(start).as("the README has an 'As a library' section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = FENCE.matcher(section).results().filter(m -> m.group(1).equals(language))
                .map(m -> m.group(2)).toList();
        assertThat(blocks).as("one " + language + " block in the section").hasSize(1);
        return blocks.get(0);
    }
}
