package dev.pxci.domain.plan;

/** Whether a differing field can be changed on the existing container or needs a new one. */
public enum Mutability {
    IN_PLACE,
    REPLACE
}
