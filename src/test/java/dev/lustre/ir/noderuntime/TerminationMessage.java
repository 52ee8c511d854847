package dev.lustre.ir.noderuntime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The termination message as kubelet stores it: at most the first 4096 bytes of the file. */
final class TerminationMessage {
    /** kubelet's {@code kubecontainer.MaxContainerTerminationMessageLength}. */
    static final int MAX_BYTES = 4096;

    private TerminationMessage() {
    }

    /**
     * Keeps the first {@value #MAX_BYTES} bytes. kubelet cuts at a byte; a UTF-8 character cut in
     * half there would be replaced by U+FFFD when the API server encodes it, so a partial
     * character at the end is dropped instead.
     */
    static String truncate(String message) {
        if (message == null) {
            return "";
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return message;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.IGNORE).onUnmappableCharacter(CodingErrorAction.IGNORE);
        CharBuffer out = CharBuffer.allocate(MAX_BYTES);
        decoder.decode(ByteBuffer.wrap(bytes, 0, MAX_BYTES), out, true);
        out.flip();
        return out.toString();
    }
}
