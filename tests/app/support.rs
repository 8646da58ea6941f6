//! `spawn_app`: a fresh migrated database (SQLite file or a new PostgreSQL database), the demo world,
//! and the real application on 127.0.0.1:0.

use schakel_demo::{load, world};
use schakel_store::Store;
use schakel_web::{AppConfig, AppState, ManualClock};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub database_url: String,
    cleanup: Cleanup,
}

pub enum Cleanup {
    Dir(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client that keeps cookies and does not follow redirects, so tests see them.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client")
    }

    pub async fn shutdown(self) {
        self.store.close().await;
        self.cleanup.remove().await;
    }
}

impl Cleanup {
    /// Removes the test database.
    pub async fn remove(self) {
        match self {
            Cleanup::Dir(d) => {
                let _ = std::fs::remove_dir_all(d);
            }
            Cleanup::PgDatabase { admin_url, name } => {
                if let Ok(admin) = Store::connect(&admin_url).await {
                    let _ = admin
                        .execute_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await;
                }
            }
        }
    }
}

/// The PostgreSQL server for tests, or a loud skip (a failure when SCHAKEL_TEST_REQUIRE_ALL=1).
pub fn postgres_url() -> Option<String> {
    match std::env::var("SCHAKEL_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("SCHAKEL_TEST_REQUIRE_ALL").as_deref() == Ok("1") {
                panic!(
                    "SCHAKEL_TEST_POSTGRES_URL is not set but SCHAKEL_TEST_REQUIRE_ALL=1: PostgreSQL tests must run"
                );
            }
            eprintln!(
                "\n!!! SKIPPED PostgreSQL test: set SCHAKEL_TEST_POSTGRES_URL (bash scripts/test.sh does) !!!\n"
            );
            None
        }
    }
}

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A fresh, migrated, empty store.
pub async fn fresh_store(backend: Backend) -> Option<(Store, String, Cleanup)> {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(unique("schakel_test"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let url = format!("sqlite://{}", dir.join("schakel.db").display());
            let store = Store::connect(&url).await.expect("connect sqlite");
            store.migrate().await.expect("migrate sqlite");
            Some((store, url, Cleanup::Dir(dir)))
        }
        Backend::Postgres => {
            let admin_url = postgres_url()?;
            let name = unique("schakel_test");
            let admin = Store::connect(&admin_url)
                .await
                .expect("connect to the PostgreSQL test server");
            admin
                .execute_admin(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin_url.clone());
            let url = format!("{base}/{name}");
            let store = Store::connect(&url)
                .await
                .expect("connect to test database");
            store.migrate().await.expect("migrate postgres");
            Some((store, url, Cleanup::PgDatabase { admin_url, name }))
        }
    }
}

/// Spawns the app with the demo world. `demo_mode` off means two-factor is enforced.
pub async fn spawn_app(backend: Backend, demo_mode: bool) -> Option<TestApp> {
    spawn_app_with(backend, demo_mode, &world::demo_world()).await
}

/// Spawns the app with `world` loaded (the demo's, or one from `world::generate_world`).
pub async fn spawn_app_with(
    backend: Backend,
    demo_mode: bool,
    world: &world::World,
) -> Option<TestApp> {
    let (store, database_url, cleanup) = fresh_store(backend).await?;
    load::load_world(&store, world, Some(load::DEMO_PASSWORD), chrono::Utc::now())
        .await
        .expect("load world");
    let clock = Arc::new(ManualClock::default());
    let config = AppConfig {
        demo_mode,
        ..AppConfig::default()
    };
    let state = AppState::new(store.clone(), config, clock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            schakel_web::app(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    Some(TestApp {
        addr,
        store,
        clock,
        database_url,
        cleanup,
    })
}

/// The CSRF token of the signed-in session, read from a page's form.
pub async fn csrf(app: &TestApp, client: &reqwest::Client) -> String {
    let html = client
        .get(app.url("/account"))
        .send()
        .await
        .expect("account page")
        .text()
        .await
        .expect("body");
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a csrf field on /account");
    html[start..].chars().take_while(|c| *c != '"').collect()
}

/// Signs in through the form; returns the status of the answer.
pub async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .expect("login request")
}

pub async fn api_token(app: &TestApp, username: &str) -> String {
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": load::DEMO_PASSWORD}))
        .send()
        .await
        .expect("api login");
    assert_eq!(res.status(), 200, "api login of {username}");
    let v: serde_json::Value = res.json().await.expect("json");
    v["token"].as_str().expect("token").to_string()
}

/// Runs a test story on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($story:ident) => {
        mod $story {
            use $crate::support::Backend;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$story(Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if $crate::support::postgres_url().is_some() {
                    super::$story(Backend::Postgres).await
                }
            }
        }
    };
}

/// A cookie-keeping client signed in through the form as `username` (with the demo password).
pub async fn as_role(app: &TestApp, username: &str) -> reqwest::Client {
    let client = app.client();
    let res = sign_in(app, &client, username, "schakel-demo").await;
    assert_eq!(res.status(), 303, "sign-in of {username}");
    client
}

/// Posts a form of the signed-in `client` to `path`, with the session's CSRF token added.
pub async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = csrf(app, client).await;
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    client
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .expect("form post")
}

/// Checks an answer's status; a mismatch shows the body. Returns the body.
pub async fn assert_status(res: reqwest::Response, expected: u16, context: &str) -> String {
    let status = res.status().as_u16();
    let body = res.text().await.expect("body");
    assert_eq!(status, expected, "{context}: {body}");
    body
}

/// A GET of the API with a bearer token: the status and the JSON body (null when there is none).
pub async fn get_json(app: &TestApp, token: &str, path: &str) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// A POST of JSON to the API with a bearer token: the status and the JSON body (null when there is none).
pub async fn post_json(
    app: &TestApp,
    token: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// The text of a page as the signed-in `client` sees it.
pub async fn page_text(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body")
}
