package dev.pxci.ports.configuration;

/** Whether a converge changes the machine or only reports what it would change. */
public enum ConvergeMode {
    APPLY,
    /** Why-run (Cinc) or check mode (Ansible): nothing is changed. */
    DRY_RUN
}
