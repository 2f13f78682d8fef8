package dev.cadre.memory.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded {@link MemoryStore}: one Lucene index in a folder on disk, holding each entry's text
 * (searched by BM25), its vector (searched by HNSW) and its metadata, so memories outlive the
 * process. Hybrid search fuses the two rankings by {@link RankFusion reciprocal-rank fusion}.
 *
 * <pre>{@code
 * try (LuceneMemoryStore store = LuceneMemoryStore.open(Path.of("memory"), embeddings)) {
 *   store.put(MemoryEntry.builder(Scope.user("alice"), "Prefers email").build());
 * }
 * }</pre>
 *
 * <p>Every write is committed before it returns, so a crash loses nothing written. Lucene lets one
 * process write a folder at a time: a second {@link #open} of the same folder, in this process or
 * another, fails while the first is open. Use one embedding model per folder (vectors of another
 * length are refused, naming the model); vectors up to {@value #MAX_DIMENSIONS} long are taken.
 */
public final class LuceneMemoryStore implements MemoryStore {

  /** The longest vectors taken: above Lucene's default of 1024, for 1536- and 3072-long ones. */
  public static final int MAX_DIMENSIONS = 4096;

  /** The fewest candidates an HNSW search explores, whatever its limit. */
  static final int CANDIDATES = 100;

  private static final String KEY = "key";
  private static final String ID = "id";
  private static final String SCOPE = "scope";
  private static final String TEXT = "text";
  private static final String SOURCE = "source";
  private static final String USER = "user";
  private static final String SESSION = "session";
  private static final String TAG = "tag";
  private static final String TIME = "time";
  private static final String ATTRIBUTES = "attributes";
  private static final String VECTOR = "vector";

  private final String name;
  private final Path folder;
  private final EmbeddingModel embeddings;
  private final Directory directory;
  private final Analyzer analyzer = new StandardAnalyzer();
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private LuceneMemoryStore(Path folder, EmbeddingModel embeddings) throws IOException {
    this.folder = folder;
    this.name = "lucene:" + folder.getFileName();
    this.embeddings = embeddings;
    this.directory = FSDirectory.open(folder);
    IndexWriterConfig config = new IndexWriterConfig(analyzer).setCodec(WIDE_VECTORS);
    IndexWriter opened;
    try {
      opened = new IndexWriter(directory, config);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    this.writer = opened;
    this.searchers = new SearcherManager(writer, null);
  }

  /**
   * Opens the index in {@code folder}, creating both when missing.
   *
   * @throws MemoryException when the folder cannot be opened, or another store holds it
   */
  public static LuceneMemoryStore open(Path folder, EmbeddingModel embeddings) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(embeddings, "embeddings");
    try {
      return new LuceneMemoryStore(folder, embeddings);
    } catch (org.apache.lucene.store.LockObtainFailedException e) {
      throw new MemoryException(
          "lucene:" + folder.getFileName(),
          "memory folder "
              + folder
              + " is open in another store (this process or another); one writer at a time",
          e);
    } catch (IOException e) {
      throw new MemoryException(
          "lucene:" + folder.getFileName(), "cannot open memory folder " + folder + ": " + e, e);
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
    // Checked before anything is written, so a bad batch leaves nothing half-written behind.
    int held = withSearcher(LuceneMemoryStore::storedDimensions);
    int expected = held > 0 ? held : vectors.get(0).length;
    for (float[] vector : vectors) {
      Embeddings.checkLength(name, embeddings, vector, expected);
    }
    if (expected > MAX_DIMENSIONS) {
      throw new IllegalStateException(
          "memory '"
              + name
              + "': vectors of "
              + expected
              + " dimensions are more than the "
              + MAX_DIMENSIONS
              + " it takes; ask the model for fewer (dimensions)");
    }
    try {
      for (int i = 0; i < entries.size(); i++) {
        MemoryEntry entry = Objects.requireNonNull(entries.get(i), "entry");
        writer.updateDocument(
            new Term(KEY, key(entry.scope(), entry.id())), document(entry, vectors.get(i)));
      }
      commit();
    } catch (IOException e) {
      throw failed("write", e);
    }
  }

  private Document document(MemoryEntry entry, float[] vector) {
    Document doc = new Document();
    doc.add(new StringField(KEY, key(entry.scope(), entry.id()), Field.Store.NO));
    doc.add(new SortedDocValuesField(KEY, new BytesRef(key(entry.scope(), entry.id()))));
    doc.add(new StringField(ID, entry.id(), Field.Store.YES));
    doc.add(new StringField(SCOPE, entry.scope().key(), Field.Store.YES));
    doc.add(new TextField(TEXT, entry.text(), Field.Store.YES));
    addOptional(doc, SOURCE, entry.source());
    addOptional(doc, USER, entry.user());
    addOptional(doc, SESSION, entry.session());
    for (String tag : entry.tags()) {
      doc.add(new StringField(TAG, tag, Field.Store.YES));
    }
    long millis = entry.time().toEpochMilli();
    doc.add(new LongPoint(TIME, millis));
    doc.add(new NumericDocValuesField(TIME, millis));
    doc.add(new StoredField(TIME, millis));
    doc.add(new StoredField(ATTRIBUTES, Json.write(entry.attributes())));
    // A vector of zeros has no direction: cosine is undefined, so it is searched by words only.
    if (norm(vector) > 0) {
      doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
    }
    return doc;
  }

  private static void addOptional(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StringField(field, value, Field.Store.YES));
    }
  }

  @Override
  public Optional<MemoryEntry> get(Scope scope, String id) {
    return withSearcher(
        searcher -> {
          TopDocs hits = searcher.search(new TermQuery(new Term(KEY, key(scope, id))), 1);
          return hits.scoreDocs.length == 0
              ? Optional.empty()
              : Optional.of(entry(searcher.storedFields().document(hits.scoreDocs[0].doc)));
        });
  }

  @Override
  public boolean delete(Scope scope, String id) {
    boolean existed = get(scope, id).isPresent();
    try {
      writer.deleteDocuments(new Term(KEY, key(scope, id)));
      commit();
    } catch (IOException e) {
      throw failed("delete", e);
    }
    return existed;
  }

  @Override
  public void clear(Scope scope) {
    try {
      writer.deleteDocuments(new Term(SCOPE, scope.key()));
      commit();
    } catch (IOException e) {
      throw failed("clear", e);
    }
  }

  @Override
  public List<MemoryEntry> list(Scope scope, MemoryFilter filter, int limit) {
    Query query = filter(new MemoryQuery("", Set.of(scope), filter, limit, null));
    Sort oldestFirst =
        new Sort(
            new SortField(TIME, SortField.Type.LONG), new SortField(KEY, SortField.Type.STRING));
    return withSearcher(
        searcher -> {
          List<MemoryEntry> out = new ArrayList<>();
          for (ScoreDoc hit : searcher.search(query, limit, oldestFirst).scoreDocs) {
            out.add(entry(searcher.storedFields().document(hit.doc)));
          }
          return out;
        });
  }

  /**
   * Merges the index into one segment. Each write adds a small segment, and a vector search visits
   * every segment's graph, so after a bulk load (documents, an import) this makes searches faster;
   * it rewrites the whole index, so do not call it after every write.
   */
  public void compact() {
    try {
      writer.forceMerge(1);
      commit();
    } catch (IOException e) {
      throw failed("compact", e);
    }
  }

  /** How many segments the index has; {@link #compact} makes it one. */
  public int segments() {
    return withSearcher(searcher -> searcher.getIndexReader().leaves().size());
  }

  @Override
  public long count(Scope scope) {
    return withSearcher(
        searcher -> (long) searcher.count(new TermQuery(new Term(SCOPE, scope.key()))));
  }

  @Override
  public List<ScoredEntry> search(MemoryQuery query) {
    Objects.requireNonNull(query, "query");
    Query filter = filter(query);
    // Fusion needs more than the limit from each side to find what both rank fairly high.
    int depth =
        query.mode() == MemoryQuery.SearchMode.HYBRID
            ? Math.max(query.limit() * 3, 30)
            : query.limit();
    return withSearcher(
        searcher -> {
          List<ScoredEntry> vector = List.of();
          List<ScoredEntry> keyword = List.of();
          if (query.mode() != MemoryQuery.SearchMode.KEYWORD) {
            vector = vectorSearch(searcher, query.text(), filter, depth);
          }
          if (query.mode() != MemoryQuery.SearchMode.VECTOR) {
            keyword = keywordSearch(searcher, query.text(), filter, depth);
          }
          return switch (query.mode()) {
            case VECTOR -> vector;
            case KEYWORD -> keyword;
            case HYBRID -> RankFusion.fuse(List.of(vector, keyword), query.limit());
          };
        });
  }

  private List<ScoredEntry> vectorSearch(IndexSearcher searcher, String text, Query filter, int k)
      throws IOException {
    if (text.isBlank()) {
      return List.of();
    }
    float[] vector = Embeddings.embed(name, embeddings, List.of(text)).get(0);
    if (norm(vector) == 0) {
      return List.of();
    }
    int held = storedDimensions(searcher);
    if (held > 0) {
      Embeddings.checkLength(name, embeddings, vector, held);
    } else {
      return List.of();
    }
    // HNSW explores as many candidates as it is asked for: asking for more than k and keeping the
    // best k raises recall for a little time (benchmarks: MemoryScenario).
    int candidates = Math.max(k, CANDIDATES);
    TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, candidates, filter), k);
    List<ScoredEntry> out = new ArrayList<>();
    for (ScoreDoc hit : top.scoreDocs) {
      // Lucene scores cosine as (1 + cos) / 2; give back the cosine itself.
      out.add(
          new ScoredEntry(entry(searcher.storedFields().document(hit.doc)), 2.0 * hit.score - 1));
    }
    return out;
  }

  /** The length of the vectors the index holds; 0 when it holds none yet. */
  private static int storedDimensions(IndexSearcher searcher) {
    for (var leaf : searcher.getIndexReader().leaves()) {
      var info = leaf.reader().getFieldInfos().fieldInfo(VECTOR);
      if (info != null && info.getVectorDimension() > 0) {
        return info.getVectorDimension();
      }
    }
    return 0;
  }

  private List<ScoredEntry> keywordSearch(IndexSearcher searcher, String text, Query filter, int k)
      throws IOException {
    BooleanQuery.Builder words = new BooleanQuery.Builder();
    int count = 0;
    try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken() && count < BooleanQuery.getMaxClauseCount() - 8) {
        words.add(new TermQuery(new Term(TEXT, term.toString())), BooleanClause.Occur.SHOULD);
        count++;
      }
      tokens.end();
    }
    if (count == 0) {
      return List.of();
    }
    Query query =
        new BooleanQuery.Builder()
            .add(words.build(), BooleanClause.Occur.MUST)
            .add(filter, BooleanClause.Occur.FILTER)
            .build();
    List<ScoredEntry> out = new ArrayList<>();
    for (ScoreDoc hit : searcher.search(query, k).scoreDocs) {
      out.add(new ScoredEntry(entry(searcher.storedFields().document(hit.doc)), hit.score));
    }
    return out;
  }

  /** The scopes, as a disjunction that must match, and every condition of the filter. */
  private static Query filter(MemoryQuery query) {
    BooleanQuery.Builder scopes = new BooleanQuery.Builder();
    for (Scope scope : query.scopes()) {
      scopes.add(new TermQuery(new Term(SCOPE, scope.key())), BooleanClause.Occur.SHOULD);
    }
    scopes.setMinimumNumberShouldMatch(1);
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    all.add(scopes.build(), BooleanClause.Occur.FILTER);
    MemoryFilter f = query.filter();
    addTerm(all, SOURCE, f.source());
    addTerm(all, USER, f.user());
    addTerm(all, SESSION, f.session());
    for (String tag : f.tags()) {
      addTerm(all, TAG, tag);
    }
    if (f.after() != null || f.before() != null) {
      long from = f.after() == null ? Long.MIN_VALUE : f.after().toEpochMilli();
      long to = f.before() == null ? Long.MAX_VALUE : f.before().toEpochMilli() - 1;
      all.add(LongPoint.newRangeQuery(TIME, from, to), BooleanClause.Occur.FILTER);
    }
    all.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
    return all.build();
  }

  private static void addTerm(BooleanQuery.Builder all, String field, String value) {
    if (value != null) {
      all.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER);
    }
  }

  private static MemoryEntry entry(Document doc) {
    List<String> tags = new ArrayList<>();
    for (IndexableField tag : doc.getFields(TAG)) {
      tags.add(tag.stringValue());
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    try {
      Json.parse(doc.get(ATTRIBUTES))
          .fields()
          .forEachRemaining(field -> attributes.put(field.getKey(), field.getValue().asText()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("entry " + doc.get(ID) + ": its attributes are not JSON", e);
    }
    return new MemoryEntry(
        doc.get(ID),
        Scope.parse(doc.get(SCOPE)),
        doc.get(TEXT),
        doc.get(SOURCE),
        doc.get(USER),
        doc.get(SESSION),
        tags,
        Instant.ofEpochMilli(doc.getField(TIME).numericValue().longValue()),
        attributes);
  }

  private static String key(Scope scope, String id) {
    // Scope keys hold one ':' and no newline, so the newline cannot be forged into another key.
    return scope.key() + "\n" + id;
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    return sum;
  }

  private void commit() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  /** A search that may throw {@link IOException}. */
  private interface Search<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(Search<T> search) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return search.run(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw failed("search", e);
    }
  }

  private MemoryException failed(String what, IOException e) {
    return new MemoryException(
        name, "memory '" + name + "' could not " + what + " in " + folder + ": " + e, e);
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing memory folder " + folder, e);
    }
  }

  @Override
  public String toString() {
    return "LuceneMemoryStore[" + folder + ", " + embeddings.name() + "]";
  }

  /**
   * Lucene's HNSW format with a higher dimension limit. It keeps the standard format's name, so the
   * index reads back with Lucene's own reader; the limit only applies when writing.
   */
  private static final class WideHnswFormat extends KnnVectorsFormat {
    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

    WideHnswFormat() {
      super("Lucene99HnswVectorsFormat");
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return MAX_DIMENSIONS;
    }
  }

  private static final Codec WIDE_VECTORS =
      new Lucene912Codec() {
        private final KnnVectorsFormat wide = new WideHnswFormat();

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
          return wide;
        }
      };
}
