//! Starting and stopping the app and ChromeDriver, and a browser session with small helpers.

use std::fs::File;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
// fantoccini without its TLS features has no ready-made connector; the plain-HTTP one comes
// from hyper-util (dev-dependency with features client-legacy, http1, tokio).
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// A scenario's result: `Err` carries a readable explanation of what differed.
pub type Outcome = Result<(), String>;

/// How long to wait for an element or a page to appear.
const WAIT: Duration = Duration::from_secs(15);
/// How long the demo may take to start (it hashes several passwords first).
const APP_START: Duration = Duration::from_secs(60);
const DRIVER_START: Duration = Duration::from_secs(20);

/// Where Chromium and ChromeDriver live.
pub struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Tools {
    /// Finds both programs. When one is missing: panics if `SCHAKEL_TEST_REQUIRE_ALL=1`,
    /// otherwise prints a loud SKIPPED line and returns `None`.
    pub fn locate() -> Option<Tools> {
        let path_from = |var: &str, default: &str| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map_or_else(|| PathBuf::from(default), PathBuf::from)
        };
        let tools = Tools {
            chromium: path_from("SCHAKEL_TEST_CHROMIUM", "/usr/bin/chromium"),
            chromedriver: path_from("SCHAKEL_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"),
        };
        let missing: Vec<String> = [
            (
                "chromedriver",
                &tools.chromedriver,
                "SCHAKEL_TEST_CHROMEDRIVER",
            ),
            ("chromium", &tools.chromium, "SCHAKEL_TEST_CHROMIUM"),
        ]
        .into_iter()
        .filter(|(_, path, _)| !path.is_file())
        .map(|(what, path, var)| format!("{what} not found at {} (set {var})", path.display()))
        .collect();
        if missing.is_empty() {
            return Some(tools);
        }
        let missing = missing.join("; ");
        if std::env::var("SCHAKEL_TEST_REQUIRE_ALL").as_deref() == Ok("1") {
            panic!("browser tests are required (SCHAKEL_TEST_REQUIRE_ALL=1) but {missing}");
        }
        eprintln!(
            "\n{bar}\n!!! SKIPPED browser tests: {missing}\n{bar}\n",
            bar = "!".repeat(78)
        );
        None
    }
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!(
            "schakel-browser-{label}-{}-{nanos}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create temp dir {}: {e}", path.display()));
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process, started in its own process group, that is killed together with its
/// group (and reaped) on drop, so a browser left behind by ChromeDriver goes too.
struct ChildGuard {
    name: &'static str,
    child: Child,
}

impl ChildGuard {
    /// Spawns `program args…` with stdout and stderr going to `log`.
    fn spawn(name: &'static str, program: &Path, args: &[String], log: &Path) -> ChildGuard {
        let out = File::create(log)
            .unwrap_or_else(|e| panic!("cannot create log file {}: {e}", log.display()));
        let err = out
            .try_clone()
            .unwrap_or_else(|e| panic!("cannot clone log file handle: {e}"));
        let child = Command::new(program)
            .args(args)
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({}): {e}", program.display()));
        ChildGuard { name, child }
    }

    /// `Some(description)` when the process has already exited.
    fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(format!("{} exited early with {status}", self.name)),
            Ok(None) => None,
            Err(e) => Some(format!("cannot query {}: {e}", self.name)),
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        // The group id is the child's pid (`process_group(0)`); best effort, `kill` may be absent.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 to find a free port");
    listener
        .local_addr()
        .expect("local address of the port probe")
        .port()
}

/// Last `lines` lines of a log file, for failure messages.
fn tail(path: &Path, lines: usize) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("<cannot read {}: {e}>", path.display()),
    }
}

/// The running app and ChromeDriver. On drop the profile removals finish first, then the
/// fields drop in order: the processes are killed before the directory holding their data,
/// logs and browser profiles is removed.
pub struct Env {
    /// `http://127.0.0.1:<port>` of the app.
    pub base: String,
    driver_url: String,
    chromium: PathBuf,
    driver: ChildGuard,
    app: ChildGuard,
    /// Threads removing closed sessions' profiles (slow on this disk) while the next runs.
    cleanup: Mutex<Vec<JoinHandle<()>>>,
    run_dir: TempDir,
}

impl Drop for Env {
    fn drop(&mut self) {
        let handles = match self.cleanup.get_mut() {
            Ok(handles) => std::mem::take(handles),
            Err(poisoned) => std::mem::take(poisoned.into_inner()),
        };
        for handle in handles {
            let _ = handle.join();
        }
    }
}

impl Env {
    /// Starts `schakel demo` on a fresh data dir and ChromeDriver, each on a free port, and
    /// waits until both answer. Panics (after cleaning up) when either does not come up.
    pub async fn start(tools: Tools) -> Env {
        let run_dir = TempDir::new("run");
        let data_dir = run_dir.path().join("data");
        std::fs::create_dir_all(&data_dir).expect("create the app's data dir");

        let app_port = free_port();
        let app = ChildGuard::spawn(
            "schakel demo",
            Path::new(env!("CARGO_BIN_EXE_schakel")),
            &[
                "demo".into(),
                "--data-dir".into(),
                data_dir.display().to_string(),
                "--bind".into(),
                format!("127.0.0.1:{app_port}"),
            ],
            &run_dir.path().join("app.log"),
        );
        let driver_port = free_port();
        let driver = ChildGuard::spawn(
            "chromedriver",
            &tools.chromedriver,
            &[format!("--port={driver_port}")],
            &run_dir.path().join("chromedriver.log"),
        );
        let mut env = Env {
            base: format!("http://127.0.0.1:{app_port}"),
            driver_url: format!("http://127.0.0.1:{driver_port}"),
            chromium: tools.chromium,
            driver,
            app,
            cleanup: Mutex::new(Vec::new()),
            run_dir,
        };

        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("build the HTTP client for readiness checks");
        let healthz = format!("{}/healthz", env.base);
        if let Err(e) = wait_until_ok(&http, &healthz, APP_START, &mut env.app).await {
            panic!(
                "the app did not become ready: {e}\n--- app output:\n{}",
                env.app_log_tail()
            );
        }
        let status = format!("{}/status", env.driver_url);
        if let Err(e) = wait_until_ok(&http, &status, DRIVER_START, &mut env.driver).await {
            panic!(
                "chromedriver did not become ready: {e}\n--- chromedriver output:\n{}",
                tail(&env.run_dir.path().join("chromedriver.log"), 40)
            );
        }
        env
    }

    pub fn app_log_tail(&self) -> String {
        tail(&self.run_dir.path().join("app.log"), 40)
    }

    /// Opens a browser session with a fresh profile directory.
    async fn session(&self, label: &str) -> Result<Session, String> {
        let profile = self.run_dir.path().join(format!("profile-{label}"));
        std::fs::create_dir_all(&profile)
            .map_err(|e| format!("cannot create profile dir {}: {e}", profile.display()))?;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": self.chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,900",
                    "--lang=nl-NL",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": { "intl.accept_languages": "nl-NL,nl" },
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.driver_url)
            .await
            .map_err(|e| {
                format!(
                    "cannot open a browser session: {e}\n--- chromedriver output:\n{}",
                    tail(&self.run_dir.path().join("chromedriver.log"), 20)
                )
            })?;
        Ok(Session {
            client,
            base: self.base.clone(),
            profile,
        })
    }

    /// Runs one scenario in its own browser session, closes the session, and on failure adds
    /// where the browser was and what the page showed.
    pub async fn run<F>(&self, label: &str, scenario: F) -> Outcome
    where
        F: AsyncFnOnce(&Session) -> Outcome,
    {
        let label: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let session = self.session(&label).await?;
        let outcome = match scenario(&session).await {
            Ok(()) => Ok(()),
            Err(e) => Err(format!("{e}\n{}", session.diagnose().await)),
        };
        if let Err(e) = session.client.close().await {
            eprintln!("warning: closing the browser session {label} failed: {e}");
        }
        let profile = session.profile;
        let remover = std::thread::spawn(move || {
            let _ = std::fs::remove_dir_all(profile);
        });
        if let Ok(mut handles) = self.cleanup.lock() {
            handles.push(remover);
        }
        outcome
    }
}

/// Polls `url` until it answers 200, the process exits, or `limit` passes.
async fn wait_until_ok(
    http: &reqwest::Client,
    url: &str,
    limit: Duration,
    process: &mut ChildGuard,
) -> Result<(), String> {
    let start = Instant::now();
    let mut last = String::from("no answer yet");
    while start.elapsed() < limit {
        if let Some(exit) = process.exited() {
            return Err(exit);
        }
        match http.get(url).send().await {
            Ok(resp) if resp.status() == reqwest::StatusCode::OK => return Ok(()),
            Ok(resp) => last = format!("HTTP {}", resp.status()),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!(
        "GET {url} gave no 200 within {} s (last: {last})",
        limit.as_secs()
    ))
}

/// One browser session on the app.
pub struct Session {
    pub client: Client,
    base: String,
    profile: PathBuf,
}

impl Session {
    /// Opens `path` (e.g. `/login`) on the app.
    pub async fn goto(&self, path: &str) -> Outcome {
        let url = format!("{}{path}", self.base);
        self.client
            .goto(&url)
            .await
            .map_err(|e| format!("cannot open {url}: {e}"))
    }

    /// Waits for the first element matching the CSS selector.
    pub async fn wait_css(&self, selector: &str) -> Result<Element, String> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(selector))
            .await
            .map_err(|e| format!("waiting {} s for `{selector}`: {e}", WAIT.as_secs()))
    }

    /// Waits for the first element matching the XPath expression.
    pub async fn wait_xpath(&self, xpath: &str) -> Result<Element, String> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .map_err(|e| format!("waiting {} s for XPath `{xpath}`: {e}", WAIT.as_secs()))
    }

    /// Whether an element matching the CSS selector is on the page right now.
    pub async fn has(&self, selector: &str) -> Result<bool, String> {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .map(|found| !found.is_empty())
            .map_err(|e| format!("looking for `{selector}`: {e}"))
    }

    /// Waits until `<main id="main">` has `data-page="<page>"`.
    pub async fn expect_page(&self, page: &str) -> Outcome {
        let selector = format!("main#main[data-page=\"{page}\"]");
        match self.wait_css(&selector).await {
            Ok(_) => Ok(()),
            Err(e) => Err(format!(
                "expected data-page=\"{page}\" but the page has data-page={}: {e}",
                self.data_page().await
            )),
        }
    }

    /// The `data-page` of `<main>`, or a note why there is none (for messages).
    pub async fn data_page(&self) -> String {
        match self.js("const m = document.querySelector('main'); return m ? m.getAttribute('data-page') : '<no main>';").await {
            Ok(Value::String(s)) => format!("\"{s}\""),
            Ok(other) => other.to_string(),
            Err(e) => e,
        }
    }

    /// Path of the current URL, e.g. `/login`.
    pub async fn path(&self) -> Result<String, String> {
        self.client
            .current_url()
            .await
            .map(|u| u.path().to_owned())
            .map_err(|e| format!("cannot read the current URL: {e}"))
    }

    /// The current URL.
    pub async fn url(&self) -> Result<String, String> {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .map_err(|e| format!("cannot read the current URL: {e}"))
    }

    /// Runs a script (a function body) in the page.
    pub async fn js(&self, script: &str) -> Result<Value, String> {
        self.client
            .execute(script, Vec::new())
            .await
            .map_err(|e| format!("running script in the page: {e}"))
    }

    /// Types `text` into the (cleared) field matching the CSS selector.
    pub async fn fill(&self, selector: &str, text: &str) -> Outcome {
        let field = self.wait_css(selector).await?;
        field
            .clear()
            .await
            .map_err(|e| format!("clearing `{selector}`: {e}"))?;
        field
            .send_keys(text)
            .await
            .map_err(|e| format!("typing into `{selector}`: {e}"))
    }

    /// Clicks the element matching the CSS selector.
    pub async fn click(&self, selector: &str) -> Outcome {
        self.wait_css(selector)
            .await?
            .click()
            .await
            .map_err(|e| format!("clicking `{selector}`: {e}"))
    }

    /// The current value of a form field.
    pub async fn value(&self, selector: &str) -> Result<String, String> {
        self.wait_css(selector)
            .await?
            .prop("value")
            .await
            .map(Option::unwrap_or_default)
            .map_err(|e| format!("reading the value of `{selector}`: {e}"))
    }

    /// Visible text of the element matching the CSS selector.
    pub async fn text(&self, selector: &str) -> Result<String, String> {
        let mut attempt = 0;
        loop {
            match self.wait_css(selector).await?.text().await {
                Ok(t) => return Ok(t.trim().to_owned()),
                // The page was replaced between finding the element and reading it (a navigation after a form
                // was still under way): find it again on the new page.
                Err(e) if attempt < 3 && e.to_string().contains("stale element") => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(format!("reading the text of `{selector}`: {e}")),
            }
        }
    }

    /// Signs in through the login form: types both fields and clicks the button.
    pub async fn sign_in(&self, username: &str, password: &str) -> Outcome {
        self.goto("/login").await?;
        self.fill("#username", username).await?;
        self.fill("#password", password).await?;
        self.click("#login-submit").await
    }

    /// Where the browser is and what the page shows, for failure messages.
    async fn diagnose(&self) -> String {
        let url = self.url().await.unwrap_or_else(|e| e);
        let snippet = match self
            .js(
                "const m = document.querySelector('main') || document.documentElement; \
                 return m.outerHTML.replace(/\\s+/g, ' ').slice(0, 1500);",
            )
            .await
        {
            Ok(Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => e,
        };
        format!("    browser at: {url}\n    page: {snippet}")
    }
}
