package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
    private final Tuning tuning = Tuning.DEFAULT;
    private final PollSchedule schedule = new PollSchedule(tuning);

    /** One task followed to its end as {@link TaskWaiter} follows it: when it was seen ended, and after how many polls. */
    private record Followed(Duration seenEnded, int polls) {
    }

    private Followed follow(String type, Duration taskEnds) {
        Duration poll = Duration.ZERO;
        Duration lastSeenRunning = Duration.ZERO;
        int polls = 1;
        while (poll.compareTo(taskEnds) < 0) {
            lastSeenRunning = poll;
            poll = poll.plus(schedule.nextWait(type, poll));
            polls++;
        }
        schedule.ended(type, lastSeenRunning);
        return new Followed(poll, polls);
    }

    @Test
    void aTaskOfATypeNotSeenToEndIsPolledAtAnEighthOfItsTimeSoFarWithinTheTunedBounds() {
        assertThat(schedule.nextWait("vzcreate", Duration.ZERO)).isEqualTo(tuning.pollFirst());
        assertThat(schedule.nextWait("vzcreate", Duration.ofMillis(300))).isEqualTo(tuning.pollFirst());
        assertThat(schedule.nextWait("vzcreate", Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(250));
        assertThat(schedule.nextWait("vzcreate", Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.nextWait("vzcreate", Duration.ofMinutes(5))).isEqualTo(tuning.pollMax());

        Duration taskEnds = Duration.ofMillis(2000);
        assertThat(follow("vzcreate", taskEnds).seenEnded().minus(taskEnds)).isLessThanOrEqualTo(taskEnds.dividedBy(8));
    }

    @Test
    void aTaskAsLongAsTheOnesBeforeIsSeenToEndWithinOneFirstWaitInFewerPolls() {
        Duration taskEnds = Duration.ofMillis(2000);
        Followed first = follow("vzcreate", taskEnds);

        Followed second = follow("vzcreate", taskEnds);

        assertThat(second.seenEnded().minus(taskEnds)).isLessThanOrEqualTo(tuning.pollFirst());
        assertThat(second.polls()).isLessThan(first.polls() / 2);
        Followed third = follow("vzcreate", taskEnds);
        assertThat(third.seenEnded().minus(taskEnds)).isLessThanOrEqualTo(tuning.pollFirst());
        assertThat(third.polls()).as("now expected within one first wait").isLessThanOrEqualTo(4);
    }

    @Test
    void aTaskThatEndsEarlierThanExpectedIsSeenWithinTheLongestWaitAndLowersTheExpectation() {
        follow("vzcreate", Duration.ofSeconds(60));
        assertThat(schedule.nextWait("vzcreate", Duration.ZERO)).isEqualTo(tuning.pollMax());

        Duration quick = Duration.ofMillis(1500);
        assertThat(follow("vzcreate", quick).seenEnded().minus(quick)).isLessThanOrEqualTo(tuning.pollMax());
        assertThat(follow("vzcreate", quick).seenEnded().minus(quick)).isLessThanOrEqualTo(tuning.pollFirst());
    }

    @Test
    void pastTheExpectedTimeTheWaitsGrowWithTheOverrunAndTypesDoNotMix() {
        Duration expected = Duration.ofMillis(950);
        schedule.ended("vzstart", expected);

        assertThat(schedule.nextWait("vzstart", expected)).isEqualTo(tuning.pollFirst());
        assertThat(schedule.nextWait("vzstart", expected.plusSeconds(4))).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.nextWait("vzcreate", Duration.ZERO)).as("no vzcreate ended yet").isEqualTo(tuning.pollFirst());
    }
}
