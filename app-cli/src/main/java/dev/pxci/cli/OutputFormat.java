package dev.pxci.cli;

/** How run events are printed. */
enum OutputFormat {
    text,
    json
}
