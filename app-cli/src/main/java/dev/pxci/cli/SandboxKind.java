package dev.pxci.cli;

/** What stands behind the sandbox's containers: records ({@code sim}, no root needed) or real LXC containers ({@code lxc}). */
enum SandboxKind {
    sim,
    lxc
}
