package dev.pxci.ports.forge;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the forge is and what its version offers, plus what the user must be told on every run
 * (a token sent over plain HTTP to a non-loopback host, certificate verification turned off, ...).
 */
public record ForgeInfo(String product, String version, Set<ForgeFeature> features, List<String> warnings) {
    public ForgeInfo {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        features = Set.copyOf(features);
        warnings = List.copyOf(warnings);
    }

    public boolean supports(ForgeFeature feature) {
        return features.contains(feature);
    }
}
