package dev.remaster.extract;

/**
 * An entry that is refused or cannot be written, for a reason that concerns it alone: the run
 * skips it, lists it with the reason, and goes on. Not an error: no stack trace.
 */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String reason) {
        super(reason, null, false, false);
    }
}
