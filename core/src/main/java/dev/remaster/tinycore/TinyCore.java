package dev.remaster.tinycore;

/** Numbers and names that Tiny Core Linux fixes. */
final class TinyCore {
    /** The group {@code staff}, which owns the files the default user may edit. */
    static final long STAFF_GID = 50;
    /**
     * The default user {@code tc}: {@code tc-config} creates it at boot with {@code adduser}, the
     * first user added, hence uid 1001. Images refer to it by number.
     */
    static final long TC_UID = 1001;

    private TinyCore() {
    }
}
