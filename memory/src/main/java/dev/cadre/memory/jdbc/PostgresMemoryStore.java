package dev.cadre.memory.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.Embeddings;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryException;
import dev.cadre.memory.MemoryFilter;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.RankFusion;
import dev.cadre.memory.Scope;
import dev.cadre.memory.ScoredEntry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link MemoryStore} in a PostgreSQL table, for servers: several processes can share it, and it
 * sits beside the PostgreSQL checkpoint store.
 *
 * <p>Vectors are kept as {@code real[]} and searched <b>exactly</b>: the rows of the query's scopes
 * that pass its filter are read and ranked by cosine similarity in Java. That is right for the
 * memories of a user, an agent or a team (thousands of rows each), not for millions; keyword search
 * is PostgreSQL's full-text search ({@code ts_rank} over a generated {@code tsvector}). When the
 * database has the pgvector extension ({@link #hasPgvector()}), vectors are also kept in a {@code
 * vector(n)} column with an HNSW index and searched in SQL by cosine distance ({@link
 * PgvectorSql}); see docs/memory.md.
 *
 * <p>The table ({@code cadre_memory}) is created in the connection's current schema when missing.
 * One connection is used, one statement at a time.
 */
public final class PostgresMemoryStore implements MemoryStore {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private static final String COLUMNS =
      "scope, id, text, source, user_id, session, tags, time_ms, attributes, vector";

  private final String name;
  private final String description;
  private final Connection connection;
  private final EmbeddingModel embeddings;
  private boolean pgvector;
  /** Whether the pgvector column and index exist; made at the first write, once n is known. */
  private boolean vectorColumn;

  private PostgresMemoryStore(
      Connection connection, EmbeddingModel embeddings, String description) {
    this.connection = connection;
    this.embeddings = embeddings;
    this.description = description;
    this.name = "postgres";
  }

  /**
   * Connects to {@code jdbcUrl} (user and password may be in it) and creates the table if needed.
   *
   * @throws MemoryException when the server cannot be reached or the table not created; the message
   *     never shows the URL's query, which may hold a password
   */
  public static PostgresMemoryStore open(String jdbcUrl, EmbeddingModel embeddings) {
    return open(jdbcUrl, null, null, embeddings);
  }

  /**
   * Connects to {@code jdbcUrl} as {@code user} with {@code password} (either may be null, to use
   * the URL's or the driver's defaults), as the PostgreSQL checkpoint store does, and creates the
   * table if needed.
   *
   * @throws MemoryException when the server cannot be reached, refuses the login, or the table
   *     cannot be created; the message names the user, never the password or the URL's query
   */
  public static PostgresMemoryStore open(
      String jdbcUrl, String user, String password, EmbeddingModel embeddings) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(embeddings, "embeddings");
    String shown = jdbcUrl.contains("?") ? jdbcUrl.substring(0, jdbcUrl.indexOf('?')) : jdbcUrl;
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with 'jdbc:postgresql:'; was '" + shown + "'");
    }
    String description = "PostgreSQL memory " + shown;
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "cadre-memory");
    Connection connection;
    try {
      connection = DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      String as = user == null ? "" : " as '" + user + "'";
      throw new MemoryException(
          "postgres", description + ": cannot connect" + as + ": " + masked(e, password), e);
    }
    PostgresMemoryStore store = new PostgresMemoryStore(connection, embeddings, description);
    store.createTable();
    return store;
  }

  /** The driver's message, with the password cut out should a driver ever echo it. */
  private static String masked(SQLException e, String password) {
    String message = String.valueOf(e.getMessage());
    return password == null || password.isEmpty() ? message : message.replace(password, "****");
  }

  private void createTable() {
    try (Statement s = connection.createStatement()) {
      // Two processes opening a new store at once must not race on CREATE TABLE IF NOT EXISTS.
      s.execute("SELECT pg_advisory_lock(7306244690465188)");
      try {
        s.execute(
            "CREATE TABLE IF NOT EXISTS cadre_memory ("
                + "scope TEXT NOT NULL, id TEXT NOT NULL, text TEXT NOT NULL,"
                + " source TEXT, user_id TEXT, session TEXT, tags TEXT[] NOT NULL,"
                + " time_ms BIGINT NOT NULL, attributes TEXT NOT NULL, vector REAL[],"
                + " words TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,"
                + " PRIMARY KEY (scope, id))");
        s.execute(
            "CREATE INDEX IF NOT EXISTS cadre_memory_words ON cadre_memory USING GIN (words)");
        pgvector = hasPgvector(s);
        vectorColumn = pgvector && hasVectorColumn(s);
      } finally {
        s.execute("SELECT pg_advisory_unlock(7306244690465188)");
      }
    } catch (SQLException e) {
      close();
      throw failed("create its table", e);
    }
  }

  private static boolean hasVectorColumn(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'cadre_memory' AND column_name = '"
                + PgvectorSql.COLUMN
                + "'")) {
      return rs.next();
    }
  }

  /**
   * Whether the server has the pgvector extension installed in this database; when it has, this
   * store keeps and searches its vectors with it (checked once, when the store is opened).
   */
  public synchronized boolean hasPgvector() {
    try (Statement s = connection.createStatement()) {
      return hasPgvector(s);
    } catch (SQLException e) {
      throw failed("look for pgvector", e);
    }
  }

  private static boolean hasPgvector(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) {
      return rs.next();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void putAll(List<MemoryEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<float[]> vectors =
        Embeddings.embed(name, embeddings, entries.stream().map(MemoryEntry::text).toList());
    synchronized (this) {
      int held = storedDimensions();
      int expected = held > 0 ? held : vectors.get(0).length;
      for (float[] vector : vectors) {
        Embeddings.checkLength(name, embeddings, vector, expected);
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO cadre_memory ("
                  + COLUMNS
                  + (pgvector ? PgvectorSql.insertColumn() : "")
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                  + (pgvector ? PgvectorSql.insertValue() : "")
                  + ") ON CONFLICT (scope, id) DO UPDATE SET"
                  + " text = EXCLUDED.text, source = EXCLUDED.source, user_id = EXCLUDED.user_id,"
                  + " session = EXCLUDED.session, tags = EXCLUDED.tags, time_ms = EXCLUDED.time_ms,"
                  + " attributes = EXCLUDED.attributes, vector = EXCLUDED.vector"
                  + (pgvector ? PgvectorSql.upsertAssignment() : ""))) {
        connection.setAutoCommit(false);
        if (pgvector && !vectorColumn) {
          addVectorColumn(expected);
        }
        for (int i = 0; i < entries.size(); i++) {
          MemoryEntry e = entries.get(i);
          insert.setString(1, e.scope().key());
          insert.setString(2, e.id());
          insert.setString(3, e.text());
          insert.setString(4, e.source());
          insert.setString(5, e.user());
          insert.setString(6, e.session());
          insert.setArray(7, connection.createArrayOf("text", e.tags().toArray()));
          insert.setLong(8, e.time().toEpochMilli());
          insert.setString(9, Json.write(e.attributes()));
          Array vector = connection.createArrayOf("float4", boxed(vectors.get(i)));
          insert.setArray(10, vector);
          if (pgvector) {
            insert.setArray(11, vector);
          }
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
        vectorColumn |= pgvector;
      } catch (SQLException e) {
        rollback();
        throw failed("write", e);
      } finally {
        autoCommit();
      }
    }
  }

  /** In the write's transaction: the pgvector column, filled for older rows, and its index. */
  private void addVectorColumn(int dimensions) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(PgvectorSql.addColumn(dimensions));
      s.execute(PgvectorSql.backfill());
      s.execute(PgvectorSql.createIndex());
    }
  }

  private int storedDimensions() {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT cardinality(vector) FROM cadre_memory WHERE vector IS NOT NULL LIMIT 1")) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw failed("read", e);
    }
  }

  @Override
  public synchronized Optional<MemoryEntry> get(Scope scope, String id) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM cadre_memory WHERE scope = ? AND id = ?")) {
      select.setString(1, scope.key());
      select.setString(2, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("read", e);
    }
  }

  @Override
  public synchronized boolean delete(Scope scope, String id) {
    return update("DELETE FROM cadre_memory WHERE scope = ? AND id = ?", scope.key(), id) > 0;
  }

  @Override
  public synchronized void clear(Scope scope) {
    update("DELETE FROM cadre_memory WHERE scope = ?", scope.key());
  }

  @Override
  public synchronized List<MemoryEntry> list(Scope scope, MemoryFilter filter, int limit) {
    Where where = where(new MemoryQuery("", java.util.Set.of(scope), filter, limit, null));
    List<MemoryEntry> out = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM cadre_memory WHERE "
                + where.sql
                + " ORDER BY time_ms, id LIMIT ?")) {
      int next = where.bind(select, 1);
      select.setInt(next, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs));
        }
      }
    } catch (SQLException e) {
      throw failed("list", e);
    }
    return out;
  }

  @Override
  public synchronized long count(Scope scope) {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT count(*) FROM cadre_memory WHERE scope = ?")) {
      select.setString(1, scope.key());
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failed("count", e);
    }
  }

  private int update(String sql, String... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setString(i + 1, values[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failed("delete", e);
    }
  }

  @Override
  public List<ScoredEntry> search(MemoryQuery query) {
    Objects.requireNonNull(query, "query");
    float[] vector =
        query.mode() == MemoryQuery.SearchMode.KEYWORD || query.text().isBlank()
            ? null
            : Embeddings.embed(name, embeddings, List.of(query.text())).get(0);
    int depth =
        query.mode() == MemoryQuery.SearchMode.HYBRID
            ? Math.max(query.limit() * 3, 30)
            : query.limit();
    synchronized (this) {
      List<ScoredEntry> byVector =
          vector == null
              ? List.of()
              : vectorColumn ? nearest(query, vector, depth) : exact(query, vector, depth);
      List<ScoredEntry> byWords =
          query.mode() == MemoryQuery.SearchMode.VECTOR ? List.of() : keyword(query, depth);
      return switch (query.mode()) {
        case VECTOR -> byVector;
        case KEYWORD -> byWords;
        case HYBRID -> RankFusion.fuse(List.of(byVector, byWords), query.limit());
      };
    }
  }

  /** Exact nearest neighbours: every row that passes the filter, ranked by cosine in Java. */
  private List<ScoredEntry> exact(MemoryQuery query, float[] vector, int k) {
    Where where = where(query);
    PriorityQueue<ScoredEntry> best =
        new PriorityQueue<>(Comparator.comparingDouble(ScoredEntry::score));
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM cadre_memory WHERE vector IS NOT NULL AND " + where.sql)) {
      where.bind(select, 1);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          float[] stored = floats(rs.getArray("vector"));
          if (stored.length != vector.length) {
            Embeddings.checkLength(name, embeddings, vector, stored.length);
          }
          double score = Embeddings.cosine(vector, stored);
          if (score <= 0) {
            continue;
          }
          best.add(new ScoredEntry(entry(rs), score));
          if (best.size() > k) {
            best.poll();
          }
        }
      }
    } catch (SQLException e) {
      throw failed("search", e);
    }
    List<ScoredEntry> out = new ArrayList<>(best);
    out.sort(Comparator.comparingDouble(ScoredEntry::score).reversed());
    return out;
  }

  /** Nearest neighbours from pgvector's index, ordered by PostgreSQL. */
  private List<ScoredEntry> nearest(MemoryQuery query, float[] vector, int k) {
    int held = storedDimensions();
    if (held > 0) {
      Embeddings.checkLength(name, embeddings, vector, held);
    }
    Where where = where(query);
    String literal = PgvectorSql.literal(vector);
    List<ScoredEntry> out = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(PgvectorSql.search(COLUMNS, where.sql))) {
      select.setString(1, literal);
      int next = where.bind(select, 2);
      select.setString(next, literal);
      select.setInt(next + 1, k);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          double score = rs.getDouble("similarity");
          if (score > 0) {
            out.add(new ScoredEntry(entry(rs), score));
          }
        }
      }
    } catch (SQLException e) {
      throw failed("search", e);
    }
    return out;
  }

  private List<ScoredEntry> keyword(MemoryQuery query, int k) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(query.text().toLowerCase(Locale.ROOT));
    while (m.find() && words.size() < 64) {
      words.add(m.group());
    }
    if (words.isEmpty()) {
      return List.of();
    }
    // Any word may match, as in BM25; only letters and digits reach to_tsquery, so it always
    // parses.
    String tsquery = String.join(" | ", words);
    Where where = where(query);
    List<ScoredEntry> out = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", ts_rank(words, to_tsquery('simple', ?)) AS rank FROM cadre_memory"
                + " WHERE words @@ to_tsquery('simple', ?) AND "
                + where.sql
                + " ORDER BY rank DESC, time_ms DESC LIMIT ?")) {
      select.setString(1, tsquery);
      select.setString(2, tsquery);
      int next = where.bind(select, 3);
      select.setInt(next, k);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          out.add(new ScoredEntry(entry(rs), rs.getDouble("rank")));
        }
      }
    } catch (SQLException e) {
      throw failed("search", e);
    }
    return out;
  }

  /** The scopes and filter of a query as SQL conditions and their values. */
  private record Where(String sql, List<Object> values) {
    int bind(PreparedStatement statement, int first) throws SQLException {
      int index = first;
      for (Object value : values) {
        if (value instanceof String[] array) {
          statement.setArray(index++, statement.getConnection().createArrayOf("text", array));
        } else {
          statement.setObject(index++, value);
        }
      }
      return index;
    }
  }

  private static Where where(MemoryQuery query) {
    StringBuilder sql = new StringBuilder("scope = ANY(?)");
    List<Object> values = new ArrayList<>();
    values.add(query.scopes().stream().map(Scope::key).toArray(String[]::new));
    MemoryFilter f = query.filter();
    condition(sql, values, "source = ?", f.source());
    condition(sql, values, "user_id = ?", f.user());
    condition(sql, values, "session = ?", f.session());
    if (!f.tags().isEmpty()) {
      sql.append(" AND tags @> ?");
      values.add(f.tags().toArray(String[]::new));
    }
    condition(sql, values, "time_ms >= ?", f.after() == null ? null : f.after().toEpochMilli());
    condition(sql, values, "time_ms < ?", f.before() == null ? null : f.before().toEpochMilli());
    return new Where(sql.toString(), values);
  }

  private static void condition(StringBuilder sql, List<Object> values, String test, Object v) {
    if (v != null) {
      sql.append(" AND ").append(test);
      values.add(v);
    }
  }

  private static MemoryEntry entry(ResultSet rs) throws SQLException {
    List<String> tags = new ArrayList<>();
    for (Object tag : (Object[]) rs.getArray("tags").getArray()) {
      tags.add((String) tag);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode stored;
    try {
      stored = Json.parse(rs.getString("attributes"));
    } catch (JsonProcessingException e) {
      throw new SQLException("attributes of entry " + rs.getString("id") + " are not JSON", e);
    }
    stored.fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
    return new MemoryEntry(
        rs.getString("id"),
        Scope.parse(rs.getString("scope")),
        rs.getString("text"),
        rs.getString("source"),
        rs.getString("user_id"),
        rs.getString("session"),
        tags,
        Instant.ofEpochMilli(rs.getLong("time_ms")),
        attributes);
  }

  private static Float[] boxed(float[] vector) {
    Float[] out = new Float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      out[i] = vector[i];
    }
    return out;
  }

  private static float[] floats(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).floatValue();
    }
    return out;
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the write already failed; that error is the one to report
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the connection is broken; the next call reports it
    }
  }

  private MemoryException failed(String what, SQLException e) {
    return new MemoryException(name, description + " could not " + what + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing left to release
    }
  }

  @Override
  public String toString() {
    return "PostgresMemoryStore[" + description + ", " + embeddings.name() + "]";
  }
}
