package dev.cadre.memory.jdbc;

/**
 * The statements {@link PostgresMemoryStore} runs when the server has pgvector: a {@code
 * vector(n)} column beside the {@code real[]} one, an HNSW index for cosine distance, and the
 * {@code <=>} ordering that lets PostgreSQL answer a vector query from that index.
 *
 * <p>Kept apart so the text can be checked where pgvector is not installed (CI does not have it).
 */
final class PgvectorSql {

  /** The pgvector column; the {@code real[]} column stays, so the exact path still works. */
  static final String COLUMN = "embedding";

  private PgvectorSql() {}

  /** Adds the {@code vector(dimensions)} column when it is missing. */
  static String addColumn(int dimensions) {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1; was " + dimensions);
    }
    return "ALTER TABLE cadre_memory ADD COLUMN IF NOT EXISTS "
        + COLUMN
        + " vector("
        + dimensions
        + ")";
  }

  /** Fills the pgvector column of rows written before it existed, from their {@code real[]}. */
  static String backfill() {
    return "UPDATE cadre_memory SET "
        + COLUMN
        + " = vector::vector WHERE "
        + COLUMN
        + " IS NULL AND vector IS NOT NULL";
  }

  /** The HNSW index for cosine distance, the distance the exact path ranks by. */
  static String createIndex() {
    return "CREATE INDEX IF NOT EXISTS cadre_memory_embedding ON cadre_memory USING hnsw ("
        + COLUMN
        + " vector_cosine_ops)";
  }

  /** The upsert's extra column, after the others. */
  static String insertColumn() {
    return ", " + COLUMN;
  }

  /**
   * The upsert's extra value: the same {@code float4} array bound again, cast to a vector, so the
   * two columns never disagree.
   */
  static String insertValue() {
    return ", CAST(CAST(? AS real[]) AS vector)";
  }

  /** The upsert's extra assignment when the row exists. */
  static String upsertAssignment() {
    return ", " + COLUMN + " = EXCLUDED." + COLUMN;
  }

  /**
   * The nearest rows by cosine distance among those passing {@code where}. Binds, in order: the
   * query vector (a {@link #literal} text), {@code where}'s values, the query vector again, the
   * limit.
   */
  static String search(String columns, String where) {
    return "SELECT "
        + columns
        + ", 1 - ("
        + COLUMN
        + " <=> CAST(? AS vector)) AS similarity FROM cadre_memory WHERE "
        + COLUMN
        + " IS NOT NULL AND "
        + where
        + " ORDER BY "
        + COLUMN
        + " <=> CAST(? AS vector) LIMIT ?";
  }

  /** A vector in pgvector's text form, {@code [0.5,-1.0]}. */
  static String literal(float[] vector) {
    StringBuilder out = new StringBuilder(vector.length * 10).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException("component " + i + " is not finite: " + vector[i]);
      }
      if (i > 0) {
        out.append(',');
      }
      out.append(vector[i]);
    }
    return out.append(']').toString();
  }
}
