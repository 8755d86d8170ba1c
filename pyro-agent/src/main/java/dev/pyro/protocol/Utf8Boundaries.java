package dev.pyro.protocol;

/** Finds UTF-8 character boundaries so cut text never starts or ends inside a character. */
final class Utf8Boundaries {
    private Utf8Boundaries() {
    }

    /** Length of the longest prefix of {@code bytes[0..length)} that ends on a boundary. */
    static int completePrefixLength(byte[] bytes, int length) {
        // Walk back over at most three continuation bytes to the lead byte of the last character.
        int i = length - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && isContinuation(bytes[i])) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return length;
        }
        int needed = sequenceLength(bytes[i]);
        if (needed <= 1) {
            return length;
        }
        return continuation + 1 >= needed ? length : i;
    }

    /** Number of continuation bytes at the start of {@code bytes} (at most three). */
    static int leadingContinuationBytes(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && i < 3 && isContinuation(bytes[i])) {
            i++;
        }
        return i;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        if (b >= 0xF0) {
            return 4;
        }
        if (b >= 0xE0) {
            return 3;
        }
        if (b >= 0xC0) {
            return 2;
        }
        return 1;
    }
}
