package dev.pxci.ports.forge;

import java.util.Objects;
import java.util.Set;

/** What the forge is and what its version offers. */
public record ForgeInfo(String product, String version, Set<ForgeFeature> features) {
    public ForgeInfo {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        features = Set.copyOf(features);
    }

    public boolean supports(ForgeFeature feature) {
        return features.contains(feature);
    }
}
