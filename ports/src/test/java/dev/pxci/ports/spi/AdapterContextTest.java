package dev.pxci.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterContextTest {
    /** A factory built for SPI 1.0: it knows only create(config). */
    private static final class OldFactory implements AdapterFactory<String> {
        @Override
        public String name() {
            return "old";
        }

        @Override
        public Class<String> port() {
            return String.class;
        }

        @Override
        public String description() {
            return "built before the context";
        }

        @Override
        public List<ConfigKey> configKeys() {
            return List.of();
        }

        @Override
        public String create(AdapterConfig config) {
            return "made without a context";
        }
    }

    @Test
    void aFactoryThatKnowsNoContextIsCreatedThroughTheContextMethodAsBefore() {
        assertThat(new OldFactory().create(AdapterConfig.empty(), AdapterContext.DEFAULT)).isEqualTo("made without a context");
    }

    @Test
    void withProgressKeepsTheTickerAndSendsLinesToTheNewListener() {
        List<String> lines = new ArrayList<>();
        OutputListener listener = (channel, line) -> lines.add(line);

        AdapterContext context = AdapterContext.DEFAULT.withProgress(listener);
        context.progress().onLine(OutputChannel.STDOUT, "TASK [base : start]");

        assertThat(lines).containsExactly("TASK [base : start]");
        assertThat(context.ticker()).isSameAs(Ticker.SYSTEM);
    }
}
