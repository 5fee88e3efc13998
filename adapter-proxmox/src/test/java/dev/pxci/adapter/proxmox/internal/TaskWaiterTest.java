package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskWaiterTest {

    @Test
    void pollsComeAtAnEighthOfTheTaskTimeSoFarWithinTheTunedBounds() {
        Tuning tuning = Tuning.DEFAULT;

        assertThat(TaskWaiter.nextWait(Duration.ZERO, tuning)).isEqualTo(tuning.pollFirst());
        assertThat(TaskWaiter.nextWait(Duration.ofMillis(300), tuning)).isEqualTo(tuning.pollFirst());
        assertThat(TaskWaiter.nextWait(Duration.ofSeconds(2), tuning)).isEqualTo(Duration.ofMillis(250));
        assertThat(TaskWaiter.nextWait(Duration.ofSeconds(4), tuning)).isEqualTo(Duration.ofMillis(500));
        assertThat(TaskWaiter.nextWait(Duration.ofMinutes(5), tuning)).isEqualTo(tuning.pollMax());
    }

    @Test
    void aTaskIsSeenToEndAtMostAnEighthLateOnceItRanLongerThanTheFirstWaits() {
        Tuning tuning = Tuning.DEFAULT;
        Duration taskEnds = Duration.ofMillis(2000);
        Duration poll = Duration.ZERO;
        while (poll.compareTo(taskEnds) < 0) {
            poll = poll.plus(TaskWaiter.nextWait(poll, tuning));
        }

        assertThat(poll.minus(taskEnds)).isLessThanOrEqualTo(taskEnds.dividedBy(8));
    }
}
