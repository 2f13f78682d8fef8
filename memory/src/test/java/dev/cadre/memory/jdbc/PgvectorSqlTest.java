package dev.cadre.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The statements of the pgvector path, which CI cannot run (pgvector is not installed here). */
class PgvectorSqlTest {

  @Test
  void theColumnIsAVectorOfTheStoredDimensions() {
    assertThat(PgvectorSql.addColumn(384))
        .isEqualTo("ALTER TABLE cadre_memory ADD COLUMN IF NOT EXISTS embedding vector(384)");
    assertThatThrownBy(() -> PgvectorSql.addColumn(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimensions");
  }

  @Test
  void olderRowsAreFilledFromTheirRealArrays() {
    assertThat(PgvectorSql.backfill())
        .isEqualTo(
            "UPDATE cadre_memory SET embedding = vector::vector"
                + " WHERE embedding IS NULL AND vector IS NOT NULL");
  }

  @Test
  void theIndexIsHnswOnCosineDistance() {
    assertThat(PgvectorSql.createIndex())
        .isEqualTo(
            "CREATE INDEX IF NOT EXISTS cadre_memory_embedding ON cadre_memory"
                + " USING hnsw (embedding vector_cosine_ops)");
  }

  @Test
  void anUpsertWritesBothColumnsFromOneArray() {
    assertThat(PgvectorSql.insertColumn()).isEqualTo(", embedding");
    assertThat(PgvectorSql.insertValue()).isEqualTo(", CAST(CAST(? AS real[]) AS vector)");
    assertThat(PgvectorSql.upsertAssignment()).isEqualTo(", embedding = EXCLUDED.embedding");
  }

  @Test
  void aSearchOrdersByCosineDistanceInSqlWithTheFilterAndALimit() {
    String sql = PgvectorSql.search("id, text", "scope = ANY(?) AND user_id = ?");
    assertThat(sql)
        .isEqualTo(
            "SELECT id, text, 1 - (embedding <=> CAST(? AS vector)) AS similarity"
                + " FROM cadre_memory WHERE embedding IS NOT NULL"
                + " AND scope = ANY(?) AND user_id = ?"
                + " ORDER BY embedding <=> CAST(? AS vector) LIMIT ?");
    // The binding order the store follows: vector, the filter's values, vector, limit.
    assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(5);
  }

  @Test
  void aVectorIsWrittenInPgvectorsTextForm() {
    assertThat(PgvectorSql.literal(new float[] {0.5f, -1f, 0f})).isEqualTo("[0.5,-1.0,0.0]");
    assertThat(PgvectorSql.literal(new float[] {1e-5f})).isEqualTo("[1.0E-5]");
    assertThatThrownBy(() -> PgvectorSql.literal(new float[] {0f, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 1");
  }
}
