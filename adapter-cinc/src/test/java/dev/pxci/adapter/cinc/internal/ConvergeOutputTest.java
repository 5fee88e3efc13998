package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.OutputChannel;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConvergeOutputTest {

    @Test
    void linesAreRedactedBeforeTheListenerSeesThem() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ConvergeOutput output = new ConvergeOutput(Redactor.lineByLine(List.of(Secret.of("pa55word"))),
                (channel, line) -> seen.add(line), 10);

        output.onLine(OutputChannel.STDOUT, "setting password pa55word");
        output.onLine(OutputChannel.STDERR, "error: pa55word rejected");

        assertThat(seen).containsExactly("setting password ***", "error: *** rejected");
        assertThat(output.tail()).containsExactly("setting password ***", "error: *** rejected");
    }

    @Test
    void aSecretThatIsAPrefixOfAnotherLeavesNoPartOfTheLongerInALine() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ConvergeOutput output = new ConvergeOutput(Redactor.lineByLine(List.of(Secret.of("pa55"), Secret.of("pa55word-2"))),
                (channel, line) -> seen.add(line), 10);

        output.onLine(OutputChannel.STDOUT, "set pa55word-2 then pa55");

        assertThat(seen).containsExactly("set *** then ***");
    }

    @Test
    void keepsOnlyTheLastLinesAndTheLastSummary() {
        ConvergeOutput output = new ConvergeOutput(Redactor.lineByLine(List.of()), (channel, line) -> { }, 2);

        output.onLine(OutputChannel.STDOUT, "Infra Phase complete, 9/9 resources updated in 01 seconds");
        output.onLine(OutputChannel.STDOUT, "one");
        output.onLine(OutputChannel.STDOUT, "Infra Phase complete, 1/4 resources updated in 02 seconds");
        output.onLine(OutputChannel.STDOUT, "two");

        assertThat(output.tail()).containsExactly("Infra Phase complete, 1/4 resources updated in 02 seconds", "two");
        assertThat(output.summary()).contains(new RunSummary(1, OptionalInt.of(4), false));
    }
}
