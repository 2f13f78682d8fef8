package dev.cadre.studio;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: nothing is downloaded, and each
 * browser has a fresh profile. Waits are long: the machine that runs the tests is often loaded.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Duration WAIT = Duration.ofSeconds(90);

  final ChromeDriver driver;

  Browser(Path profile) {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT);
  }

  /** Opens the studio's printed address and waits for its page to be ready. */
  void open(String url) {
    driver.get(url);
    waitFor(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  <T> T waitFor(ExpectedCondition<T> condition) {
    // The page redraws lists whole: an element seen a moment ago may be gone; look again.
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  WebElement waitForElement(String css) {
    return waitFor(
        d -> {
          List<WebElement> found = d.findElements(By.cssSelector(css));
          return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  void click(String css) {
    waitForElement(css).click();
  }

  /** Clicks the team named {@code name} and starts a run of it with its own task. */
  void run(String teamId) {
    click("#team-list button[data-id='" + teamId + "']");
    waitFor(d -> d.findElement(By.id("team-name")).isDisplayed());
    click("#run-team");
    waitForElement("#view-run");
  }

  String status() {
    return find("#run-status").getText();
  }

  void waitForStatus(String status) {
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
        .withMessage(
            () ->
                "the run's status is '"
                    + find("#run-status").getText()
                    + "' ("
                    + find("#run-status").getDomAttribute("title")
                    + "), not '"
                    + status
                    + "'")
        .until(d -> status.equals(d.findElement(By.id("run-status")).getText()) ? true : null);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Writes a screenshot of the page as it is to {@code file}. */
  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
