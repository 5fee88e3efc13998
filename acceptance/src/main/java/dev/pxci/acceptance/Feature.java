package dev.pxci.acceptance;

/** What the suite exercises, each needing its own privileges and cluster capabilities. */
enum Feature {
    CREATE("create, re-apply and destroy a container"),
    CHANGE("change cores and memory in place"),
    POWER("shut down and start again"),
    SHARES("keep shares across destroy (holder container)"),
    REPLACE("replace under TERMINATE=yes (vzdump backup first)"),
    IN_CONTAINER("bootstrap, configure, share and verify over SSH"),
    PLACEMENT("NODE=auto placement (node status)"),
    PRIVILEGED("privileged containers"),
    ROOT_ONLY_FEATURES("feature flags of privileged containers; keyctl, fuse, mknod, mount; bind mounts");

    private final String description;

    Feature(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
