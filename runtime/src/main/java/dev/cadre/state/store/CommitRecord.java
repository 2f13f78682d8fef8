package dev.cadre.state.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many changes an SQLite store has committed, kept in a small file beside the database
 * ({@code runs.db-commits}), where a lost or cut write-ahead log cannot take it back.
 *
 * <p>The count is written after each commit has returned, and with {@code synchronous=FULL} a
 * returned commit is on disk, so the record never exceeds what the database durably holds: a
 * database that holds fewer changes than its record has lost committed ones. It is
 * not synced to disk: after an OS crash it may be behind, which only hides a loss, never invents
 * one. Two processes may write it out of order, which leaves it behind in the same harmless way. A
 * record that cannot be read (torn by an OS crash, or not Cadre's) counts as no record and is
 * written anew. Not safe for concurrent use: the store writes it under its lock.
 */
final class CommitRecord implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommitRecord.class);

  private static final String PREFIX = "cadre-commits ";

  /** Fixed width, so that each write replaces the whole record in place. */
  private static final int LENGTH = PREFIX.length() + 19 + 1 + 8 + 1;

  private final Path file;
  private FileChannel channel;
  private boolean failed;

  CommitRecord(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The recorded count, or -1 when there is no readable record. */
  long read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      LOG.warn("cannot read {}; a lost write-ahead log goes undetected: {}", file, e.toString());
      return -1;
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (text.length() != LENGTH || !text.startsWith(PREFIX) || !text.endsWith("\n")) {
      return -1;
    }
    String digits = text.substring(PREFIX.length(), PREFIX.length() + 19);
    String check = text.substring(PREFIX.length() + 20, LENGTH - 1);
    if (!check.equals(crc(digits))) {
      return -1;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Records {@code commits}. Never throws: the commit it follows has happened, and a record that
   * cannot be written only weakens detection, which the log says once.
   */
  void write(long commits) {
    if (failed) {
      return;
    }
    String digits = String.format("%019d", commits);
    String line = PREFIX + digits + " " + crc(digits) + "\n";
    try {
      if (channel == null) {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ);
      }
      channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)), 0);
    } catch (IOException e) {
      failed = true;
      LOG.warn(
          "cannot write {}; a lost write-ahead log will go undetected: {}", file, e.toString());
    }
  }

  private static String crc(String digits) {
    CRC32 crc = new CRC32();
    crc.update(digits.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue());
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("cannot close {}: {}", file, e.toString());
      }
      channel = null;
    }
  }
}
