package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;

/**
 * The rules an entry's name (and a link's target size) must pass before anything is written for
 * it: the size limits, UTF-8, no {@code ..} component, the absolute-name policy, and the depth
 * limit. A name that passes is returned normalised.
 */
final class NameRules {
    private final ExtractOptions options;

    NameRules(ExtractOptions options) {
        this.options = options;
    }

    /**
     * The entry's normalised name.
     *
     * @throws ExtractLimitException when a limit is exceeded
     * @throws ExtractException when a policy says to fail
     * @throws Refusal when a policy says to skip the entry
     */
    EntryPath check(CpioEntry e) throws ExtractException, Refusal {
        if (e.nameLength() + 1L > options.limits().maxNameSize()) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxNameSize", options.limits().maxNameSize(),
                    "name of " + (e.nameLength() + 1) + " bytes with its NUL");
        }
        if (!e.hasUtf8Name()) {
            throw new Refusal("name is not valid UTF-8: it cannot be written as stored");
        }
        EntryPath path = EntryPath.parse(e.name());
        if (path.dotDot()) {
            String why = "name has a '..' component, which could reach outside the target";
            if (options.dotDot() == ExtractOptions.DotDot.FAIL) {
                throw new ExtractException(e.name(), e.headerOffset(), why + " (ExtractOptions.dotDot is FAIL)", null);
            }
            throw new Refusal(why);
        }
        if (path.absolute()) {
            String why = "name is absolute";
            if (options.absoluteNames() == ExtractOptions.AbsoluteNames.FAIL) {
                throw new ExtractException(e.name(), e.headerOffset(),
                        why + " (ExtractOptions.absoluteNames is FAIL)", null);
            }
            if (options.absoluteNames() == ExtractOptions.AbsoluteNames.SKIP) {
                throw new Refusal(why + " (ExtractOptions.absoluteNames is SKIP)");
            }
            // STRIP: the caller notes it once the entry is selected.
        }
        if (path.depth() > options.maxDepth()) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxDepth", options.maxDepth(),
                    "name of " + path.depth() + " components");
        }
        if (e.type() == EntryType.SYMLINK && e.size() > options.limits().maxLinkTargetSize()) {
            throw new ExtractLimitException(e.name(), e.headerOffset(), "maxLinkTargetSize",
                    options.limits().maxLinkTargetSize(), "symbolic link target of " + e.size() + " bytes");
        }
        return path;
    }
}
