package io.playpulse.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its chromedriver by Selenium (scripts/test.sh installs
 * both). The flags keep it from reaching for the network, which this machine closes.
 */
public final class Browser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;

    public Browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    public void open(String url) {
        driver.get(url);
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public String attribute(String id, String name) {
        return driver.findElement(By.id(id)).getDomAttribute(name);
    }

    /**
     * The cells of each row of a table body, as the page shows them, read in one step: the page
     * replaces its rows at each update.
     */
    @SuppressWarnings("unchecked")
    public List<List<String>> rows(String tbodyId) {
        return (List<List<String>>) driver.executeScript("return Array.from(document.getElementById(arguments[0]).rows)"
                + ".map(tr => Array.from(tr.cells).map(td => td.innerText.trim()))", tbodyId);
    }

    public Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    /** The whole page, however long, as a PNG. */
    public void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Dimension window = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 120));
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(window);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
