package dev.remaster.cpio;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of one cpio entry: an immutable value.
 *
 * <p>Names are kept as the raw bytes of the archive (without the terminating NUL); {@link #name()}
 * is a decoded view. Every numeric header field is kept as read, nothing is invented: a
 * {@link CpioReader} fills every field from the header, and the factories here fill only what their
 * arguments say (inode 0, mtime 0, owner 0:0 unless set).
 *
 * <p>An entry read from an archive also remembers the exact header bytes it was read from, so that
 * {@link CpioWriter} can write an unchanged entry back byte for byte (including the case of hex
 * digits and any extra NULs in the name padding). Any change made through {@link #toBuilder()}
 * forgets them, and the entry is then encoded afresh.
 *
 * <p>Equality compares the header values, the name and the link target; it ignores where the entry
 * was read from ({@link #headerOffset()}) and how its header was spelled.
 */
public final class CpioEntry {
    /** The name of the entry that ends an archive. */
    public static final String TRAILER_NAME = "TRAILER!!!";

    private static final byte[] TRAILER_BYTES = TRAILER_NAME.getBytes(StandardCharsets.US_ASCII);

    private final CpioFormat format;
    private final byte[] name;
    private final long inode;
    private final int mode;
    private final long uid;
    private final long gid;
    private final long nlink;
    private final long mtime;
    private final long size;
    private final long devMajor;
    private final long devMinor;
    private final long rdevMajor;
    private final long rdevMinor;
    private final long checksum;
    private final byte[] linkTarget;
    private final long headerOffset;
    private final long trailerPadding;
    private final byte[] sourceHeader;

    private CpioEntry(Builder b) {
        this.format = Objects.requireNonNull(b.format, "format");
        this.name = Objects.requireNonNull(b.name, "name");
        this.inode = b.inode;
        this.mode = b.mode;
        this.uid = b.uid;
        this.gid = b.gid;
        this.nlink = b.nlink;
        this.mtime = b.mtime;
        this.size = b.size;
        this.devMajor = b.devMajor;
        this.devMinor = b.devMinor;
        this.rdevMajor = b.rdevMajor;
        this.rdevMinor = b.rdevMinor;
        this.checksum = b.checksum;
        this.linkTarget = b.linkTarget;
        this.headerOffset = b.headerOffset;
        this.trailerPadding = b.trailerPadding;
        this.sourceHeader = b.sourceHeader;
        requireNonNegative("size", size);
        requireNonNegative("inode", inode);
        requireNonNegative("uid", uid);
        requireNonNegative("gid", gid);
        requireNonNegative("nlink", nlink);
        if (linkTarget != null && linkTarget.length != size) {
            throw new IllegalArgumentException(
                    "size (" + size + ") must equal the link target's length (" + linkTarget.length + ")");
        }
    }

    private static void requireNonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " (" + value + ") may not be negative");
        }
    }

    // ---- factories ----------------------------------------------------------------------------

    /**
     * A regular file of {@code size} bytes with permission bits {@code permissions} (such as 0644).
     *
     * @param name the entry name
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @param size the size in bytes
     * @return a regular file of {@code size} bytes with permission bits {@code permissions} (such as 0644)
     */
    public static CpioEntry file(String name, int permissions, long size) {
        return builder(name).mode(EntryType.REGULAR.bits() | (permissions & 07777)).nlink(1).size(size).build();
    }

    /**
     * A directory with permission bits {@code permissions} (such as 0755).
     *
     * @param name the entry name
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @return a directory with permission bits {@code permissions} (such as 0755)
     */
    public static CpioEntry directory(String name, int permissions) {
        return builder(name).mode(EntryType.DIRECTORY.bits() | (permissions & 07777)).nlink(2).build();
    }

    /**
     * A symbolic link to {@code target}, mode 0777 as Linux creates them.
     *
     * @param name the entry name
     * @param target the link target
     * @return a symbolic link to {@code target}, mode 0777 as Linux creates them
     */
    public static CpioEntry symlink(String name, String target) {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        return builder(name).mode(EntryType.SYMLINK.bits() | 0777).nlink(1).linkTarget(t).build();
    }

    /**
     * A character device node.
     *
     * @param name the entry name
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @param major the device's major number
     * @param minor the device's minor number
     * @return a character device node
     */
    public static CpioEntry charDevice(String name, int permissions, long major, long minor) {
        return builder(name).mode(EntryType.CHAR_DEVICE.bits() | (permissions & 07777)).nlink(1)
                .rdevMajor(major).rdevMinor(minor).build();
    }

    /**
     * A block device node.
     *
     * @param name the entry name
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @param major the device's major number
     * @param minor the device's minor number
     * @return a block device node
     */
    public static CpioEntry blockDevice(String name, int permissions, long major, long minor) {
        return builder(name).mode(EntryType.BLOCK_DEVICE.bits() | (permissions & 07777)).nlink(1)
                .rdevMajor(major).rdevMinor(minor).build();
    }

    /**
     * A named pipe.
     *
     * @param name the entry name
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @return a named pipe
     */
    public static CpioEntry fifo(String name, int permissions) {
        return builder(name).mode(EntryType.FIFO.bits() | (permissions & 07777)).nlink(1).build();
    }

    /**
     * A Unix domain socket.
     *
     * @param name the entry name
     * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
     * @return a Unix domain socket
     */
    public static CpioEntry socket(String name, int permissions) {
        return builder(name).mode(EntryType.SOCKET.bits() | (permissions & 07777)).nlink(1).build();
    }

    /**
     * The entry that ends an archive, as GNU cpio writes it (nlink 1, every other field 0).
     *
     * @return the entry that ends an archive, as GNU cpio writes it (nlink 1, every other field 0)
     */
    public static CpioEntry trailer() {
        return builder(TRAILER_NAME).nlink(1).build();
    }

    /**
     * A builder for an entry named {@code name} (encoded as UTF-8), format {@link CpioFormat#NEWC}.
     *
     * @param name the entry name
     * @return a builder for an entry named {@code name} (encoded as UTF-8), format {@link CpioFormat#NEWC}
     */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /**
     * A builder for an entry whose name is the raw bytes {@code name} (without a NUL).
     *
     * @param name the entry name
     * @return a builder for an entry whose name is the raw bytes {@code name} (without a NUL)
     */
    public static Builder builder(byte[] name) {
        return new Builder().name(name);
    }

    /**
     * A builder holding this entry's values; the header bytes it was read from are kept only while nothing changes.
     *
     * @return a builder holding this entry's values; the header bytes it was read from are kept only while nothing changes
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.name = name;
        b.inode = inode;
        b.mode = mode;
        b.uid = uid;
        b.gid = gid;
        b.nlink = nlink;
        b.mtime = mtime;
        b.size = size;
        b.devMajor = devMajor;
        b.devMinor = devMinor;
        b.rdevMajor = rdevMajor;
        b.rdevMinor = rdevMinor;
        b.checksum = checksum;
        b.linkTarget = linkTarget;
        b.headerOffset = headerOffset;
        b.trailerPadding = trailerPadding;
        b.sourceHeader = sourceHeader;
        return b;
    }

    // ---- accessors ----------------------------------------------------------------------------

    /**
     * The format of the header this entry was read from, or the one it was built for.
     *
     * @return the format of the header this entry was read from, or the one it was built for
     */
    public CpioFormat format() {
        return format;
    }

    /**
     * The name decoded as UTF-8; bytes that are not valid UTF-8 become U+FFFD.
     *
     * @return the name decoded as UTF-8; bytes that are not valid UTF-8 become U+FFFD
     */
    public String name() {
        return new String(name, StandardCharsets.UTF_8);
    }

    /**
     * The name exactly as stored, without the terminating NUL. A fresh copy.
     *
     * @return the name exactly as stored, without the terminating NUL
     */
    public byte[] nameBytes() {
        return name.clone();
    }

    /**
     * The length of the stored name in bytes, without the NUL.
     *
     * @return the length of the stored name in bytes, without the NUL
     */
    public int nameLength() {
        return name.length;
    }

    /**
     * Whether the stored name is valid UTF-8, so that {@link #name()} is exact.
     *
     * @return whether the stored name is valid UTF-8, so that {@link #name()} is exact
     */
    public boolean hasUtf8Name() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(name));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The inode number field ({@code c_ino}).
     *
     * @return the inode number field ({@code c_ino})
     */
    public long inode() {
        return inode;
    }

    /**
     * The full mode: type bits, permission bits and the setuid, setgid and sticky bits.
     *
     * @return the full mode: type bits, permission bits and the setuid, setgid and sticky bits
     */
    public int mode() {
        return mode;
    }

    /**
     * The permission bits with setuid, setgid and sticky: {@code mode & 07777}.
     *
     * @return the permission bits with setuid, setgid and sticky: {@code mode & 07777}
     */
    public int permissions() {
        return mode & 07777;
    }

    /**
     * The file type named by the mode's type bits.
     *
     * @return the file type named by the mode's type bits
     */
    public EntryType type() {
        return EntryType.of(mode);
    }

    /**
     * Numeric owner.
     *
     * @return numeric owner
     */
    public long uid() {
        return uid;
    }

    /**
     * Numeric group.
     *
     * @return numeric group
     */
    public long gid() {
        return gid;
    }

    /**
     * The link count field ({@code c_nlink}).
     *
     * @return the link count field ({@code c_nlink})
     */
    public long nlink() {
        return nlink;
    }

    /**
     * Modification time in seconds since the epoch, as stored.
     *
     * @return modification time in seconds since the epoch, as stored
     */
    public long mtime() {
        return mtime;
    }

    /**
     * The number of data bytes that follow this header in the archive. For a hard link that does
     * not carry the group's data this is 0; see {@link LinkGroups}.
     *
     * @return the number of data bytes that follow this header in the archive
     */
    public long size() {
        return size;
    }

    /**
     * Major number of the device holding the file ({@code c_devmajor}).
     *
     * @return major number of the device holding the file ({@code c_devmajor})
     */
    public long devMajor() {
        return devMajor;
    }

    /**
     * Minor number of the device holding the file ({@code c_devminor}).
     *
     * @return minor number of the device holding the file ({@code c_devminor})
     */
    public long devMinor() {
        return devMinor;
    }

    /**
     * Major number of a device node ({@code c_rdevmajor}).
     *
     * @return major number of a device node ({@code c_rdevmajor})
     */
    public long rdevMajor() {
        return rdevMajor;
    }

    /**
     * Minor number of a device node ({@code c_rdevminor}).
     *
     * @return minor number of a device node ({@code c_rdevminor})
     */
    public long rdevMinor() {
        return rdevMinor;
    }

    /**
     * The {@code c_check} field: the data sum for {@link CpioFormat#CRC}, normally 0 otherwise.
     *
     * @return the {@code c_check} field: the data sum for {@link CpioFormat#CRC}, normally 0 otherwise
     */
    public long checksum() {
        return checksum;
    }

    /**
     * The target of a symbolic link, decoded as UTF-8, without a trailing NUL that some writers
     * (the kernel's gen_init_cpio) store; empty for other types.
     *
     * @return the target of a symbolic link, decoded as UTF-8, without a trailing NUL that some writers (the kernel's gen_init_cpio) store; empty for other types
     */
    public Optional<String> linkTarget() {
        if (linkTarget == null) {
            return Optional.empty();
        }
        int n = linkTarget.length;
        if (n > 0 && linkTarget[n - 1] == 0) {
            n--;
        }
        return Optional.of(new String(linkTarget, 0, n, StandardCharsets.UTF_8));
    }

    /**
     * The raw data of a symbolic link as stored (a fresh copy), or {@code null} for other types.
     *
     * @return the raw data of a symbolic link as stored (a fresh copy), or {@code null} for other types
     */
    public byte[] linkTargetBytes() {
        return linkTarget == null ? null : linkTarget.clone();
    }

    /**
     * Where this entry's header starts in the source, or -1 for an entry that was not read.
     *
     * @return where this entry's header starts in the source, or -1 for an entry that was not read
     */
    public long headerOffset() {
        return headerOffset;
    }

    /**
     * Where this entry's data starts in the source (just past the header, name and name padding),
     * or -1 for an entry that was not read.
     *
     * @return where this entry's data starts in the source (just past the header, name and name padding), or -1 for an entry that was not read
     */
    public long dataOffset() {
        return sourceHeader == null || headerOffset < 0 ? -1 : headerOffset + sourceHeader.length;
    }

    /**
     * For a trailer read from an archive, the number of NUL bytes that followed it in the source
     * (GNU cpio pads to 512-byte blocks); 0 otherwise. {@link CpioWriter} writes them back.
     *
     * @return for a trailer read from an archive, the number of NUL bytes that followed it in the source (GNU cpio pads to 512-byte blocks); 0 otherwise
     */
    public long trailerPadding() {
        return trailerPadding;
    }

    /**
     * Whether this is the {@code TRAILER!!!} entry that ends an archive.
     *
     * @return whether this is the {@code TRAILER!!!} entry that ends an archive
     */
    public boolean isTrailer() {
        return Arrays.equals(name, TRAILER_BYTES);
    }

    /**
     * Whether the kernel looks this entry up in its hard link table: a regular file, device node,
     * FIFO or socket with a link count of 2 or more (never a directory, a symbolic link or the
     * trailer). Its group is the entries of the same archive with the same {@link #linkKey()};
     * see {@link LinkGroups}.
     *
     * @return whether the kernel looks this entry up in its hard link table: a regular file, device node, FIFO or socket with a link count of 2 or more (never a directory, a symbolic link or the trailer)
     */
    public boolean isHardLinked() {
        return nlink >= 2 && LinkKey.linkable(type()) && !isTrailer();
    }

    /**
     * The identity shared by the links of one hard link group: device numbers, inode and type.
     *
     * @return the identity shared by the links of one hard link group: device numbers, inode and type
     */
    public LinkKey linkKey() {
        return new LinkKey(devMajor, devMinor, inode, type());
    }

    /** The header bytes (with name and padding) this entry was read from, or {@code null}. */
    byte[] sourceHeader() {
        return sourceHeader;
    }

    byte[] rawName() {
        return name;
    }

    byte[] rawLinkTarget() {
        return linkTarget;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CpioEntry)) {
            return false;
        }
        CpioEntry e = (CpioEntry) o;
        return format == e.format && inode == e.inode && mode == e.mode && uid == e.uid && gid == e.gid
                && nlink == e.nlink && mtime == e.mtime && size == e.size && devMajor == e.devMajor
                && devMinor == e.devMinor && rdevMajor == e.rdevMajor && rdevMinor == e.rdevMinor
                && checksum == e.checksum && Arrays.equals(name, e.name) && Arrays.equals(linkTarget, e.linkTarget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, Arrays.hashCode(name), inode, mode, uid, gid, nlink, mtime, size);
    }

    @Override
    public String toString() {
        return "CpioEntry{" + format + " '" + name() + "' " + type() + " mode=0" + Integer.toOctalString(mode)
                + " ino=" + inode + " uid=" + uid + " gid=" + gid + " nlink=" + nlink + " mtime=" + mtime
                + " size=" + size + " dev=" + devMajor + ":" + devMinor + " rdev=" + rdevMajor + ":" + rdevMinor
                + (linkTarget != null ? " -> '" + linkTarget().orElse("") + "'" : "")
                + (headerOffset >= 0 ? " @" + headerOffset : "") + "}";
    }

    /**
     * Builds entries. Every setter forgets the header bytes the entry was read from, so the result
     * is encoded afresh by {@link CpioWriter}.
     */
    public static final class Builder {
        private CpioFormat format = CpioFormat.NEWC;
        private byte[] name;
        private long inode;
        private int mode;
        private long uid;
        private long gid;
        private long nlink;
        private long mtime;
        private long size;
        private long devMajor;
        private long devMinor;
        private long rdevMajor;
        private long rdevMinor;
        private long checksum;
        private byte[] linkTarget;
        private long headerOffset = -1;
        private long trailerPadding;
        private byte[] sourceHeader;

        private Builder() {
        }

        private Builder changed() {
            sourceHeader = null;
            headerOffset = -1;
            trailerPadding = 0;
            return this;
        }

        /**
         * The format this entry is meant for.
         *
         * @param format the cpio format
         * @return the format this entry is meant for
         */
        public Builder format(CpioFormat format) {
            if (this.format != format) {
                changed();
            }
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * The name, encoded as UTF-8 (a leading "/" is kept as given).
         *
         * @param name the entry name
         * @return the name, encoded as UTF-8 (a leading "/" is kept as given)
         */
        public Builder name(String name) {
            return name(Objects.requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The name as raw bytes, without a NUL.
         *
         * @param name the entry name
         * @return the name as raw bytes, without a NUL
         */
        public Builder name(byte[] name) {
            Objects.requireNonNull(name, "name");
            for (byte c : name) {
                if (c == 0) {
                    throw new IllegalArgumentException("name may not contain a NUL byte");
                }
            }
            changed();
            this.name = name.clone();
            return this;
        }

        /**
         * The inode number.
         *
         * @param inode the inode
         * @return the inode number
         */
        public Builder inode(long inode) {
            changed();
            this.inode = inode;
            return this;
        }

        /**
         * The full mode, type bits included.
         *
         * @param mode the mode bits (permissions with setuid, setgid and sticky; any type bits are ignored)
         * @return the full mode, type bits included
         */
        public Builder mode(int mode) {
            changed();
            this.mode = mode;
            return this;
        }

        /**
         * Replaces the permission bits (with setuid, setgid, sticky) and keeps the type bits.
         *
         * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
         * @return the builder
         */
        public Builder permissions(int permissions) {
            changed();
            this.mode = (mode & ~07777) | (permissions & 07777);
            return this;
        }

        /**
         * Numeric owner.
         *
         * @param uid the owner's user id
         * @return numeric owner
         */
        public Builder uid(long uid) {
            changed();
            this.uid = uid;
            return this;
        }

        /**
         * Numeric group.
         *
         * @param gid the owner's group id
         * @return numeric group
         */
        public Builder gid(long gid) {
            changed();
            this.gid = gid;
            return this;
        }

        /**
         * Link count.
         *
         * @param nlink the nlink
         * @return link count
         */
        public Builder nlink(long nlink) {
            changed();
            this.nlink = nlink;
            return this;
        }

        /**
         * Modification time, seconds since the epoch.
         *
         * @param mtime the modification time, seconds since the epoch
         * @return modification time, seconds since the epoch
         */
        public Builder mtime(long mtime) {
            changed();
            this.mtime = mtime;
            return this;
        }

        /**
         * Data size in bytes. For a symbolic link, set {@link #linkTarget(byte[])} instead.
         *
         * @param size the size in bytes
         * @return data size in bytes
         */
        public Builder size(long size) {
            changed();
            this.size = size;
            this.linkTarget = null;
            return this;
        }

        /**
         * Device holding the file.
         *
         * @param major the device's major number
         * @param minor the device's minor number
         * @return device holding the file
         */
        public Builder dev(long major, long minor) {
            changed();
            this.devMajor = major;
            this.devMinor = minor;
            return this;
        }

        /**
         * Major number of a device node.
         *
         * @param major the device's major number
         * @return major number of a device node
         */
        public Builder rdevMajor(long major) {
            changed();
            this.rdevMajor = major;
            return this;
        }

        /**
         * Minor number of a device node.
         *
         * @param minor the device's minor number
         * @return minor number of a device node
         */
        public Builder rdevMinor(long minor) {
            changed();
            this.rdevMinor = minor;
            return this;
        }

        /**
         * The {@code c_check} field.
         *
         * @param checksum the checksum
         * @return the {@code c_check} field
         */
        public Builder checksum(long checksum) {
            changed();
            this.checksum = checksum;
            return this;
        }

        /**
         * A symbolic link's target as raw bytes; also sets the size to its length.
         *
         * @param target the link target
         * @return a symbolic link's target as raw bytes; also sets the size to its length
         */
        public Builder linkTarget(byte[] target) {
            changed();
            this.linkTarget = target == null ? null : target.clone();
            this.size = target == null ? 0 : target.length;
            return this;
        }

        /**
         * A symbolic link's target, encoded as UTF-8; also sets the size.
         *
         * @param target the link target
         * @return a symbolic link's target, encoded as UTF-8; also sets the size
         */
        public Builder linkTarget(String target) {
            return linkTarget(target.getBytes(StandardCharsets.UTF_8));
        }

        Builder readFrom(long offset, byte[] header) {
            this.headerOffset = offset;
            this.sourceHeader = header;
            return this;
        }

        Builder trailerPadding(long padding) {
            this.trailerPadding = padding;
            return this;
        }

        Builder rawLinkTarget(byte[] target) {
            this.linkTarget = target;
            return this;
        }

        /**
         * The entry.
         *
         * @return the entry
         */
        public CpioEntry build() {
            if (name == null) {
                throw new IllegalStateException("name is required");
            }
            return new CpioEntry(this);
        }
    }
}
