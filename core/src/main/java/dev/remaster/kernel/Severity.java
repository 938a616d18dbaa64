package dev.remaster.kernel;

/** How much a {@link Finding} matters for booting. */
public enum Severity {
    /** The kernel fails to unpack the entry or stops unpacking: the image does not boot as meant. */
    ERROR,
    /** The image boots, but not the same way everywhere, or not the way its author probably meant. */
    WARNING,
    /** Worth knowing; the kernel handles it as intended. */
    INFO
}
