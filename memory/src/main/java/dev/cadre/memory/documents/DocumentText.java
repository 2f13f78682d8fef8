package dev.cadre.memory.documents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of one document, read from a file, with the headings and page breaks in it, so that
 * chunks can say where in the document they come from.
 *
 * <p>Offsets are character offsets into {@link #text()}: for text and Markdown that is the file
 * itself; for HTML the text with tags dropped and entities decoded; for PDF the text PDFBox
 * extracts, page after page.
 *
 * @param text the document's text
 * @param sections where each section starts, with its heading path (empty before the first)
 * @param pageStarts for a PDF, the offset where each page starts (page 1 first); empty otherwise
 */
public record DocumentText(String text, List<Section> sections, List<Integer> pageStarts) {

  /** A part of a document under one heading. */
  public record Section(int start, String headingPath) {}

  private static final Pattern MARKDOWN_HEADING =
      Pattern.compile("(?m)^(#{1,6})[ \\t]+(.+?)[ \\t#]*$");
  private static final Pattern HTML_HEADING =
      Pattern.compile("(?is)<h([1-6])[^>]*>(.*?)</h\\1\\s*>");
  private static final Pattern HTML_DROPPED =
      Pattern.compile("(?is)<(script|style|head)[^>]*>.*?</\\1\\s*>|<!--.*?-->");
  private static final Pattern HTML_BLOCK =
      Pattern.compile("(?i)</?(p|div|br|li|ul|ol|tr|table|section|article|h[1-6])\\b[^>]*>");
  private static final Pattern HTML_TAG = Pattern.compile("(?s)<[^>]*>");

  public DocumentText {
    sections = List.copyOf(sections);
    pageStarts = List.copyOf(pageStarts);
  }

  /** The kinds of file read, by extension. */
  public static boolean readable(Path file) {
    return kind(file) != null;
  }

  private static String kind(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return switch (ext) {
      case "txt", "text" -> "text";
      case "md", "markdown" -> "markdown";
      case "html", "htm" -> "html";
      case "pdf" -> "pdf";
      default -> null;
    };
  }

  /**
   * Reads {@code file} by its extension: {@code .txt}, {@code .md}, {@code .html} or {@code .pdf}.
   *
   * @throws IOException naming the file when it cannot be read, or is of another kind
   */
  public static DocumentText read(Path file) throws IOException {
    String kind = kind(file);
    if (kind == null) {
      throw new IOException(file + ": not a document this reader knows (.txt, .md, .html or .pdf)");
    }
    if (kind.equals("pdf")) {
      return pdf(file);
    }
    String content = Files.readString(file, StandardCharsets.UTF_8);
    return switch (kind) {
      case "markdown" -> markdown(content);
      case "html" -> html(content);
      default -> new DocumentText(content, List.of(), List.of());
    };
  }

  /** Markdown as it is, with a section at each ATX heading ({@code #} to {@code ######}). */
  public static DocumentText markdown(String content) {
    List<Section> sections = new ArrayList<>();
    String[] path = new String[6];
    Matcher m = MARKDOWN_HEADING.matcher(content);
    while (m.find()) {
      int level = m.group(1).length();
      path[level - 1] = m.group(2).strip();
      for (int i = level; i < path.length; i++) {
        path[i] = null;
      }
      sections.add(new Section(m.start(), join(path)));
    }
    return new DocumentText(content, sections, List.of());
  }

  /** HTML's text: scripts, styles and tags dropped, entities decoded, a section at each h1-h6. */
  public static DocumentText html(String content) {
    String kept = HTML_DROPPED.matcher(content).replaceAll(" ");
    StringBuilder text = new StringBuilder();
    List<Section> sections = new ArrayList<>();
    String[] path = new String[6];
    Matcher heading = HTML_HEADING.matcher(kept);
    int at = 0;
    while (heading.find()) {
      text.append(plain(kept.substring(at, heading.start())));
      int level = Integer.parseInt(heading.group(1));
      String title = plain(heading.group(2)).strip();
      path[level - 1] = title;
      for (int i = level; i < path.length; i++) {
        path[i] = null;
      }
      if (text.length() > 0) {
        text.append("\n\n");
      }
      sections.add(new Section(text.length(), join(path)));
      text.append(title).append("\n\n");
      at = heading.end();
    }
    text.append(plain(kept.substring(at)));
    return new DocumentText(text.toString(), sections, List.of());
  }

  private static String plain(String html) {
    String text = HTML_BLOCK.matcher(html).replaceAll("\n");
    text = HTML_TAG.matcher(text).replaceAll("");
    text =
        text.replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    return text.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n\\s*", "\n\n");
  }

  private static DocumentText pdf(Path file) throws IOException {
    try (PDDocument document = Loader.loadPDF(file.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      StringBuilder text = new StringBuilder();
      List<Integer> pages = new ArrayList<>();
      for (int page = 1; page <= document.getNumberOfPages(); page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        pages.add(text.length());
        text.append(stripper.getText(document));
      }
      return new DocumentText(text.toString(), List.of(), pages);
    } catch (IOException e) {
      throw new IOException(file + ": not a readable PDF (" + e.getMessage() + ")", e);
    }
  }

  /** The heading path at {@code offset}; empty before the first heading. */
  public String headingAt(int offset) {
    String heading = "";
    for (Section section : sections) {
      if (section.start() > offset) {
        break;
      }
      heading = section.headingPath();
    }
    return heading;
  }

  /** The page (from 1) holding {@code offset}, or 0 for a document without pages. */
  public int pageAt(int offset) {
    int page = 0;
    for (int i = 0; i < pageStarts.size() && pageStarts.get(i) <= offset; i++) {
      page = i + 1;
    }
    return page;
  }

  private static String join(String[] path) {
    StringBuilder out = new StringBuilder();
    for (String part : path) {
      if (part != null) {
        if (out.length() > 0) {
          out.append(" > ");
        }
        out.append(part);
      }
    }
    return out.toString();
  }
}
