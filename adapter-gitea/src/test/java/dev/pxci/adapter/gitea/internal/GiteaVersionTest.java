package dev.pxci.adapter.gitea.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.forge.ForgeFeature;
import org.junit.jupiter.api.Test;

class GiteaVersionTest {

    @Test
    void developmentAndForgejoVersionsAreRead() {
        assertThat(GiteaVersion.parse("1.26.1+dev-12-gabcdef").atLeast(1, 26)).isTrue();
        assertThat(GiteaVersion.parse("v1.22.0-rc1").minor()).isEqualTo(22);
        GiteaVersion forgejo = GiteaVersion.parse("7.0.0+gitea-1.21.0");
        assertThat(forgejo.major()).isEqualTo(1);
        assertThat(forgejo.minor()).isEqualTo(21);
    }

    @Test
    void featuresFollowThePublishedApiDocuments() {
        assertThat(GiteaVersion.parse("1.21.1").features()).containsExactly(ForgeFeature.ACTIONS_SECRETS);
        assertThat(GiteaVersion.parse("1.24.7").features()).containsExactlyInAnyOrder(ForgeFeature.ACTIONS_SECRETS,
                ForgeFeature.ACTIONS_VARIABLES);
        assertThat(GiteaVersion.parse("1.25.5").features()).containsAll(java.util.EnumSet.allOf(ForgeFeature.class));
    }

    @Test
    void anUnreadableVersionIsUnsupported() {
        assertThatThrownBy(() -> GiteaVersion.parse("development"))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }
}
