package dev.cadre.state.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digest a store keeps beside each checkpoint and checks on every read, as 64
 * lower-case hex digits.
 *
 * <p>It covers the run id, the version and the kind as well as the payload, so a checkpoint copied
 * with its digest to another run or another position does not match there either. The run id is
 * length-prefixed and the kind ends with a zero byte (kinds are upper-case names), so no two
 * different checkpoints hash the same input. It guards against damage and edits made outside
 * Cadre; it is not a signature: whoever can write the database can also write a new digest.
 */
final class PayloadDigest {

  private PayloadDigest() {}

  static String of(String runId, long version, String kind, String payload) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] run = runId.getBytes(StandardCharsets.UTF_8);
    byte[] head = new byte[12];
    for (int i = 0; i < 4; i++) {
      head[i] = (byte) (run.length >>> (24 - 8 * i));
    }
    for (int i = 0; i < 8; i++) {
      head[4 + i] = (byte) (version >>> (56 - 8 * i));
    }
    sha256.update(head, 0, 4);
    sha256.update(run);
    sha256.update(head, 4, 8);
    sha256.update(kind.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    return HexFormat.of().formatHex(sha256.digest(payload.getBytes(StandardCharsets.UTF_8)));
  }
}
