//! `schakel`: the one binary. Serve the web UI and API, run the demo, migrate, generate data,
//! manage accounts, verify the access log.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod user;

use schakel_demo::seed::{casework, social_map};
use schakel_demo::{load, world};
use user::UserAction;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use schakel_store::{AuditVerification, Store};
use schakel_web::{AppConfig, AppState, SystemClock};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// mimalloc instead of the system allocator: under load glibc's malloc/free took a fifth of the server's CPU
/// (BENCHMARKS.md, case-file page).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "schakel",
    version,
    about = "Schakel – het werkplatform voor schoolmaatschappelijk werk"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the data lives; every subcommand takes the same flags.
#[derive(Args, Clone)]
struct DataArgs {
    /// Directory for the embedded database and the secret key.
    #[arg(
        long,
        env = "SCHAKEL_DATA_DIR",
        default_value = "./schakel-data",
        global = true
    )]
    data_dir: PathBuf,
    /// Database URL: sqlite://… or postgres://… (default: an SQLite file in the data directory).
    #[arg(long, env = "SCHAKEL_DATABASE_URL", global = true)]
    database_url: Option<String>,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SCHAKEL_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Set when Schakel is served behind TLS (a reverse proxy): Secure cookies and HSTS.
    #[arg(long, env = "SCHAKEL_BEHIND_TLS")]
    behind_tls: bool,
    /// Proxy addresses whose X-Forwarded-For is trusted for the client address (comma-separated).
    #[arg(long, env = "SCHAKEL_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Minutes without activity after which a web session ends.
    #[arg(long, env = "SCHAKEL_IDLE_TIMEOUT_MINUTES", default_value_t = 30)]
    idle_timeout_minutes: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web UI and API.
    Serve {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Create a fresh database with the demo world and serve it.
    Demo {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Fill the database with a deterministic synthetic dataset (benchmarks).
    Generate {
        #[command(flatten)]
        data: DataArgs,
        /// team, region, city or country
        #[arg(long, default_value = "city")]
        scale: world::Scale,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// School years of casework, 1–5 (the last twelve months and the school years before them);
        /// default 5 for city and country, 1 for team.
        #[arg(long)]
        years: Option<u32>,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Check the access log.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Walk the hash chain; exits non-zero and names the first bad entry when it is broken.
    Verify,
}

impl DataArgs {
    fn database_url(&self) -> Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))?;
        Ok(schakel_store::sqlite_url_for(
            &self.data_dir.join("schakel.db"),
        ))
    }

    /// The installation's secret key: SCHAKEL_SECRET_KEY, or `secret.key` in the data directory, created on
    /// first run (random, readable by the owner only). Never logged.
    fn secret_key(&self) -> Result<Vec<u8>> {
        if let Ok(key) = std::env::var("SCHAKEL_SECRET_KEY") {
            if key.len() < 32 {
                bail!("SCHAKEL_SECRET_KEY must be at least 32 characters");
            }
            return Ok(key.into_bytes());
        }
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))?;
        let path = self.data_dir.join("secret.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let key = existing.trim().to_string();
            if key.len() >= 32 {
                return Ok(key.into_bytes());
            }
            bail!(
                "{} is too short; remove it to generate a new one (all sessions end)",
                path.display()
            );
        }
        let mut bytes = [0_u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        file.write_all(key.as_bytes())?;
        tracing::info!("created a new secret key in {}", path.display());
        Ok(key.into_bytes())
    }

    async fn store(&self) -> Result<Store> {
        let url = self.database_url()?;
        let store = Store::connect(&url)
            .await
            .context("cannot open the database")?;
        store
            .migrate()
            .await
            .context("cannot migrate the database")?;
        Ok(store)
    }
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SCHAKEL_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(cli))
}

#[expect(
    clippy::disallowed_methods,
    reason = "the command line runs now: the demo's 'today' and a generated world's time stamps"
)]
async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve { data, serve } => {
            let store = data.store().await?;
            serve_app(store, &serve, false, data.secret_key()?).await
        }
        Command::Demo { data, serve } => {
            if data.database_url.is_none() {
                for file in [
                    "schakel.db",
                    "schakel.db-wal",
                    "schakel.db-shm",
                    "schakel-access-log.db",
                    "schakel-access-log.db-wal",
                    "schakel-access-log.db-shm",
                ] {
                    let f = data.data_dir.join(file);
                    if f.exists() {
                        std::fs::remove_file(&f).with_context(|| {
                            format!("cannot remove old demo database {}", f.display())
                        })?;
                    }
                }
            }
            let store = data.store().await?;
            if store.counts().await?.iter().any(|(_, n)| *n > 0) {
                bail!("the demo needs an empty database; this one already has data");
            }
            let summary = load::load_world(
                &store,
                &world::demo_world(),
                Some(load::DEMO_PASSWORD),
                chrono::Utc::now(),
            )
            .await?;
            println!("Schakel demo: {summary}");
            let now = chrono::Utc::now();
            let casework = casework::seed_demo(&store, now.date_naive(), now).await?;
            println!("Schakel demo: {casework}");
            let group_work =
                schakel_demo::seed::group::seed_group_work(&store, now.date_naive(), now).await?;
            println!("Schakel demo: {group_work}");
            let care =
                schakel_demo::seed::care::seed_care_meetings(&store, now.date_naive(), now).await?;
            println!("Schakel demo: {care}");
            let presence =
                schakel_demo::seed::presence::seed_presence(&store, now.date_naive(), now).await?;
            println!("Schakel demo: {presence}");
            let school_time =
                schakel_demo::seed::school_time::seed_school_time(&store, now.date_naive(), now)
                    .await?;
            println!("Schakel demo: {school_time}");
            let appointments =
                schakel_demo::seed::appointments::seed_appointments(&store, now.date_naive(), now)
                    .await?;
            println!("Schakel demo: {appointments}");
            let social_map = social_map::seed_social_map(&store, now).await?;
            let kind_in_kaart =
                social_map::seed_kind_in_kaart(&store, now.date_naive(), now).await?;
            println!("Schakel demo: {social_map}; {kind_in_kaart}");
            println!(
                "Open http://{} and sign in with one of these accounts (password: {}):",
                serve.bind,
                load::DEMO_PASSWORD
            );
            for (username, role) in load::demo_accounts(&world::demo_world()) {
                println!("  {username:<22} {role}");
            }
            println!(
                "All people, schools and data are invented. Two-factor sign-in is not enforced in the demo."
            );
            serve_app(store, &serve, true, data.secret_key()?).await
        }
        Command::Migrate { data } => {
            let store = data.store().await?;
            println!("database is up to date ({:?})", store.backend());
            Ok(())
        }
        Command::Generate {
            data,
            scale,
            seed,
            years,
        } => {
            let store = data.store().await?;
            let world = world::generate_world(scale, seed);
            let started = std::time::Instant::now();
            let summary = load::load_world(
                &store,
                &world,
                Some(load::DEMO_PASSWORD),
                chrono::Utc::now(),
            )
            .await?;
            println!(
                "generated {scale:?} world (seed {seed}) in {:.1}s: {summary}",
                started.elapsed().as_secs_f64()
            );
            let now = chrono::Utc::now();
            let years = years.unwrap_or(match scale {
                world::Scale::Team => 1,
                _ => casework::MAX_GENERATED_YEARS,
            });
            let casework = casework::seed_generated(
                &store,
                &scale.to_string(),
                seed,
                years,
                now.date_naive(),
                now,
            )
            .await?;
            println!("generated {casework}");
            Ok(())
        }
        Command::User { action, data } => {
            let store = data.store().await?;
            user::user_command(&store, action).await
        }
        Command::Audit {
            action: AuditAction::Verify,
            data,
        } => {
            let store = data.store().await?;
            match store.verify_audit().await? {
                AuditVerification::Intact { entries } => {
                    println!("access log intact: {entries} entries");
                    Ok(())
                }
                AuditVerification::Broken(b) => {
                    eprintln!("access log BROKEN: {b}");
                    std::process::exit(2);
                }
            }
        }
    }
}

async fn serve_app(store: Store, serve: &ServeArgs, demo: bool, secret_key: Vec<u8>) -> Result<()> {
    let config = AppConfig {
        secret_key,
        demo_mode: demo,
        behind_tls: serve.behind_tls,
        idle_timeout: std::time::Duration::from_secs(serve.idle_timeout_minutes.max(1) * 60),
        trusted_proxies: serve.trusted_proxies.clone(),
        ..AppConfig::default()
    };
    let state = AppState::new(store, config, Arc::new(SystemClock));
    let listener = tokio::net::TcpListener::bind(serve.bind)
        .await
        .with_context(|| format!("cannot listen on {}", serve.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!("Schakel listens on http://{addr}");
    axum::serve(
        listener,
        schakel_web::app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
