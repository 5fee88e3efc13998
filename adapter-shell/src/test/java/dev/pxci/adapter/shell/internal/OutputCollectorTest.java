package dev.pxci.adapter.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.OutputChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputCollectorTest {
    final List<String> lines = new ArrayList<>();
    final Redactor noSecrets = SecretMask.of(Command.of("true"));

    @Test
    void splitsBytesIntoLinesAcrossWritesAndKeepsALastPartialLine() {
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, (c, l) -> lines.add(l), noSecrets);

        write(out, "one\ntw");
        write(out, "o\nthree");
        assertThat(lines).containsExactly("one", "two");
        out.finish();

        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(out.text()).isEqualTo("one\ntwo\nthree");
        assertThat(out.truncated()).isFalse();
    }

    @Test
    void keepsOnlyTheLastLinesWithinTheBound() {
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, (c, l) -> lines.add(l), noSecrets, 10, l -> false);

        write(out, "aaaa\nbbbb\ncccc\n");
        out.finish();

        assertThat(lines).containsExactly("aaaa", "bbbb", "cccc");
        assertThat(out.text()).isEqualTo("bbbb\ncccc\n");
        assertThat(out.truncated()).isTrue();
    }

    @Test
    void masksSecretValuesInLinesAndText() {
        Redactor mask = SecretMask.of(Command.of("x").withSecretEnvironment("T", Secret.of("tok3n"))
                .withStdin(Secret.of("tok3n-and-more")));
        OutputCollector out = new OutputCollector(OutputChannel.STDERR, (c, l) -> lines.add(c + " " + l), mask);

        write(out, "a tok3n-and-more b tok3n\n");
        out.finish();

        assertThat(lines).containsExactly("STDERR a *** b ***");
        assertThat(out.text()).doesNotContain("tok3n");
    }

    @Test
    void masksTheLinesOfAMultiLineSecretButNotShortCommonOnes() {
        Redactor mask = SecretMask.of(Command.of("x").withStdin(Secret.of("password-line\ny\n")));
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, (c, l) -> lines.add(l), mask);

        write(out, "read password-line\ny\n");
        out.finish();

        assertThat(lines).containsExactly("read ***", "y");
    }

    @Test
    void passesAVeryLongLineInPiecesWithoutSplittingCharacters() {
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, (c, l) -> lines.add(l), noSecrets);
        String longLine = "é".repeat(OutputCollector.MAX_LINE_BYTES);

        write(out, longLine + "\n");
        out.finish();

        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(String.join("", lines)).isEqualTo(longLine);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\uFFFD"));
        assertThat(out.text()).isEqualTo(longLine + "\n");
    }

    @Test
    void theMarkerConsumerTakesOneLineAwayFromEveryoneEvenAfterServerNoise() {
        OutputCollector out = new OutputCollector(OutputChannel.STDERR, (c, l) -> lines.add(l), noSecrets, 100,
                l -> l.startsWith("marker "));

        write(out, "motd noise\nmarker 42\nmarker again\n");
        out.finish();

        assertThat(lines).containsExactly("motd noise", "marker again");
        assertThat(out.text()).isEqualTo("motd noise\nmarker again\n");
    }

    @Test
    void aThrowingListenerIsRecordedAndNotCalledAgainWhileOutputIsStillKept() {
        List<String> calls = new ArrayList<>();
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, (c, l) -> {
            calls.add(l);
            throw new IllegalStateException("listener broke");
        }, noSecrets);

        write(out, "a\nb\n");

        assertThat(calls).containsExactly("a");
        assertThat(out.listenerFailure()).hasMessage("listener broke");
        assertThat(out.text()).isEqualTo("a\nb\n");
    }

    private static void write(OutputCollector out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }
}
