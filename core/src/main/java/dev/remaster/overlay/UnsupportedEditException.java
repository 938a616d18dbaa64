package dev.remaster.overlay;

import java.io.IOException;

/** An edit that the chosen way of writing cannot express, such as a deletion in an appended segment. */
public class UnsupportedEditException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message saying what cannot be done and what to do instead.
     *
     * @param message what is wrong
     */
    public UnsupportedEditException(String message) {
        super(message);
    }
}
