package dev.remaster.tinycore;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ways Tiny Core's scripts read boot codes, on scripts written in those shapes. */
class BootCodeScannerTest {

    private static Map<String, KnownBootCode> scan(String text) {
        return BootCodeScanner.scan("/s", text).stream().collect(Collectors.toMap(KnownBootCode::name, k -> k));
    }

    @Test
    void nestedCasesOnValueAndFlagWordsInTheLoop() {
        // The shape of tc-config from 4.x on: an outer case splits name=value words from flags.
        String text = """
                #!/bin/busybox ash
                for i in `cat /proc/cmdline`; do
                	case $i in
                		*=*)
                			case $i in
                				waitusb*) WAITUSB=${i#*=} ;;
                				host*) HOST=1 ;;
                				nodhcp* ) NODHCP=${i#*=} ;;
                				rsyslog=* ) RSYSLOG=${i#*=}; SYSLOG=1 ;;
                				blacklist* ) BLACKLIST="$BLACKLIST ${i#*=}" ;;
                			esac
                		;;
                		*)
                			case $i in
                				nodhcp) NODHCP=1 ;;
                				noswap) NOSWAP=1 ;;
                				"protect") PROTECT=1 ;;
                			esac
                		;;
                	esac
                done
                case $WAITUSB in
                	*:*) dev=${WAITUSB#*:} ;;
                	label) echo not a boot code ;;
                esac
                """;
        Map<String, KnownBootCode> codes = scan(text);
        assertEquals(List.of("blacklist", "host", "nodhcp", "noswap", "protect", "rsyslog", "waitusb"),
                codes.keySet().stream().sorted().toList());
        assertEquals("[/s:6 (case, value)]", codes.get("waitusb").seenAt().toString());
        assertEquals("[/s:8 (case, value), /s:15 (case, flag)]", codes.get("nodhcp").seenAt().toString());
        assertTrue(codes.get("nodhcp").takesValue() && codes.get("nodhcp").isFlag());
        assertFalse(codes.get("noswap").takesValue());
    }

    @Test
    void aLoopOverCmdlineEndsAtItsDoneEvenWithInnerLoopsAndQuotedDone() {
        String text = """
                for word in $(cat /proc/cmdline); do
                	case "$word" in
                	tce=*) TCE="${word#*=}"; echo "tce done" ;;
                	lst=*) for x in a b; do echo $x; done ;;
                	cde) CDE=1 ;;
                	esac
                done
                while getopts bv OPTION; do
                	case ${OPTION} in
                	b) BACKUP=TRUE ;;
                	v) VERBOSE=TRUE ;;
                	esac
                done
                """;
        assertEquals(List.of("cde", "lst", "tce"), scan(text).keySet().stream().sorted().toList());
    }

    @Test
    void functionsAndGrepForms() {
        String text = """
                . /etc/init.d/tc-functions
                HOSTNAME="$(getbootparam host 2>/dev/null)"
                checkbootparam "base" && exit 0
                if grep -qw multivt /proc/cmdline; then :; fi
                if grep -q "safebackup" /proc/cmdline; then SAFE=TRUE; fi
                grep -q 'tce=' /proc/cmdline && echo tce
                cat /proc/cmdline | grep -qw nozswap && echo x
                echo "$CMDLINE" | grep -q "noautologin"
                stringinfile "secure" /proc/cmdline
                getbootparam() { echo "defining, not calling"; }
                x=$(getbootparam "$1")
                # grep -q commented /proc/cmdline
                grep -q MemFree /proc/meminfo
                """;
        Map<String, KnownBootCode> codes = scan(text);
        assertEquals(List.of("base", "host", "multivt", "noautologin", "nozswap", "safebackup", "secure", "tce"),
                codes.keySet().stream().sorted().toList());
        assertEquals("[/s:2 (getbootparam, value)]", codes.get("host").seenAt().toString());
        assertEquals("[/s:3 (checkbootparam, flag)]", codes.get("base").seenAt().toString());
        assertEquals("[/s:6 (grep, value)]", codes.get("tce").seenAt().toString());
        assertEquals("[/s:4 (grep, flag)]", codes.get("multivt").seenAt().toString());
    }

    @Test
    void aLoopOverCmdlineInAVariableCounts() {
        String text = """
                CMDLINE="$(cat /proc/cmdline)"
                for i in $CMDLINE
                do
                	case $i in
                	norestore) NORESTORE=1 ;;
                	esac
                done
                """;
        assertEquals(List.of("norestore"), scan(text).keySet().stream().toList());
    }

    @Test
    void aFileThatNeverMentionsTheCommandLineIsSkipped() {
        assertTrue(scan("for i in a b; do\ncase $i in\ntce=*) x ;;\nesac\ndone\n").isEmpty());
    }

    @Test
    void commentsAreNotCode() {
        assertEquals("echo x ", BootCodeScanner.withoutComment("echo x # tce=*)"));
        assertEquals("echo \"a # b\" ", BootCodeScanner.withoutComment("echo \"a # b\" # c"));
        assertEquals("x=${#y}", BootCodeScanner.withoutComment("x=${#y}"));
        assertEquals("", BootCodeScanner.withoutComment("# for i in $(cat /proc/cmdline); do"));
    }
}
