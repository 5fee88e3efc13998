package dev.pxci.ports.platform;

/**
 * Who made an observed container, as far as the platform can tell. pxci changes or destroys only
 * containers it made (or that the declaration adopts); a platform that keeps no mark reports
 * {@link #UNKNOWN}.
 */
public enum Origin {
    /** It bears pxci's {@link CreationMark}: pxci created it. */
    PXCI,
    /** It lacks the mark: someone else created it. */
    FOREIGN,
    /** The platform keeps no mark to tell. */
    UNKNOWN
}
